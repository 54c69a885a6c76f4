'use client';

import { useState } from 'react';
import type { InstrumentView } from '@/lib/contracts/instruments';
import { useUpdateInstrument } from '@/lib/hooks/useInstruments';

/**
 * Deactivates an instrument after a confirmation that says what changes, or reactivates it.
 * Operators only: for others the button is disabled and says why.
 */
export function ActiveToggle({
  instrument,
  canEdit,
}: {
  instrument: InstrumentView;
  canEdit: boolean;
}) {
  const update = useUpdateInstrument();
  const [confirming, setConfirming] = useState(false);
  const why = canEdit ? undefined : 'Operators and admins change the universe';
  const set = (active: boolean) =>
    update.mutate(
      { symbol: instrument.symbol, body: { active } },
      { onSuccess: () => setConfirming(false) },
    );
  if (!instrument.active)
    return (
      <button
        type="button"
        className="secondary"
        disabled={!canEdit || update.isPending}
        title={why}
        onClick={() => set(true)}
      >
        Activate
      </button>
    );
  if (!confirming)
    return (
      <button
        type="button"
        className="secondary"
        disabled={!canEdit}
        title={why}
        onClick={() => setConfirming(true)}
      >
        Deactivate
      </button>
    );
  return (
    <span role="alertdialog" aria-label={`Deactivate ${instrument.symbol}`}>
      Deactivate {instrument.symbol}? Its feeds stop being polled and the cycle stops predicting it;
      its candles, predictions and outcomes stay.{' '}
      <button type="button" disabled={update.isPending} onClick={() => set(false)}>
        Confirm deactivation
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {update.error && (
        <span className="error" role="alert">
          {' '}
          {update.error.message}
        </span>
      )}
    </span>
  );
}
