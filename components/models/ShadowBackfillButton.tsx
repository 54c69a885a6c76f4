'use client';

import { useState } from 'react';
import { ConfirmBox } from '@/components/ui/ConfirmBox';
import { useModelComparison, useShadowBackfill } from '@/lib/hooks/useShadow';
import { ShadowBackfillStatus } from './ShadowBackfillStatus';

/**
 * An operator scores the candidate on the stored history from a day on (the shadow backfill, a
 * background job), after confirming what it does: shadow rows only, no prediction changes; the
 * latest run's state and progress follow.
 */
export function ShadowBackfillButton() {
  const comparison = useModelComparison();
  const candidate = comparison.data?.candidate?.id;
  const [from, setFrom] = useState('');
  const [confirming, setConfirming] = useState(false);
  const backfill = useShadowBackfill(candidate ?? '');
  if (!candidate) return null;
  return (
    <form
      aria-label="Shadow backfill"
      onSubmit={(event) => {
        event.preventDefault();
        if (from) setConfirming(true);
      }}
    >
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label>
          Score the candidate on stored candles from (UTC)
          <input
            type="date"
            name="from"
            required
            value={from}
            onChange={(e) => (setFrom(e.target.value), setConfirming(false))}
          />
        </label>
        <button
          type="submit"
          className="secondary"
          disabled={!from || confirming || backfill.isPending}
          title={from ? undefined : 'Choose the first day (the end of the fit window)'}
        >
          Shadow backfill…
        </button>
      </div>
      {confirming && (
        <ConfirmBox
          action={{
            title: 'Confirm the shadow backfill',
            consequence: `Score ${candidate} on every stored candle from ${from} on that the active model predicted, as a background job. It writes shadow predictions only (never served); predictions, outcomes and the active model are unchanged. Running it again adds nothing twice.`,
            confirmLabel: 'Start the shadow backfill',
            run: () =>
              backfill.mutate(
                { from: `${from}T00:00:00Z` },
                { onSettled: () => setConfirming(false) },
              ),
          }}
          busy={backfill.isPending}
          busyLabel="Queuing…"
          onCancel={() => setConfirming(false)}
        />
      )}
      {backfill.isSuccess && (
        <p role="status">
          {backfill.data.queued
            ? `Queued: ${candidate} from ${backfill.data.from}. The comparison fills in as it runs.`
            : 'A shadow backfill of this candidate is already queued or running.'}
        </p>
      )}
      {backfill.error && (
        <p className="error" role="alert">
          {backfill.error.message}
        </p>
      )}
      <ShadowBackfillStatus candidate={candidate} />
    </form>
  );
}
