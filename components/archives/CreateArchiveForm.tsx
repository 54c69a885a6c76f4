'use client';

import { useState } from 'react';
import { ConfirmBox } from '@/components/ui/ConfirmBox';
import { useCreateArchive } from '@/lib/hooks/useArchives';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * An operator archives whole UTC days, first to last (both included), after confirming what
 * will be built. The build is a job: its progress shows in the list below.
 */
export function CreateArchiveForm() {
  const yesterday = isoDay(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
  const [from, setFrom] = useState(yesterday);
  const [to, setTo] = useState(yesterday);
  const [confirming, setConfirming] = useState(false);
  const create = useCreateArchive();
  const days =
    from && to ? Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1 : Number.NaN;
  const invalid = !(days >= 1) ? 'the last day must be on or after the first' : null;

  return (
    <form
      className="panel"
      aria-label="Create an archive"
      onSubmit={(event) => {
        event.preventDefault();
        if (invalid) return;
        setConfirming(true);
      }}
    >
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label>
          First day (UTC)
          <input
            type="date"
            name="from"
            required
            value={from}
            onChange={(e) => (setFrom(e.target.value), setConfirming(false))}
          />
        </label>
        <label>
          Last day (UTC, included)
          <input
            type="date"
            name="to"
            required
            value={to}
            onChange={(e) => (setTo(e.target.value), setConfirming(false))}
          />
        </label>
        <button
          type="submit"
          disabled={Boolean(invalid) || confirming || create.isPending}
          title={invalid ?? undefined}
        >
          Create archive…
        </button>
      </div>
      {invalid && <p className="muted">{invalid}</p>}
      {confirming && (
        <ConfirmBox
          action={{
            title: 'Confirm the archive',
            consequence: `Build a ZIP of ${days} UTC day${days === 1 ? '' : 's'}, ${from} to ${to}: audit, predictions, outcomes, calibration maps and runs, SLO minutes and hours, breaches and rollout changes, with a manifest. It runs as a background job; nothing is changed or deleted.`,
            confirmLabel: 'Confirm: build it',
            run: () =>
              create.mutate(
                {
                  from: `${from}T00:00:00Z`,
                  to: `${isoDay(Date.parse(to) + DAY_MS)}T00:00:00Z`,
                },
                { onSuccess: () => setConfirming(false) },
              ),
          }}
          busy={create.isPending}
          busyLabel="Queuing…"
          onCancel={() => setConfirming(false)}
        />
      )}
      {create.isSuccess && !confirming && (
        <p role="status">
          Archive #{create.data.archive.id} queued: {create.data.archive.fileName}
        </p>
      )}
      {create.error && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
