'use client';

import { useState } from 'react';
import { useModels, useProposeCandidate } from '@/lib/hooks/useModels';

/**
 * "Fit a candidate now": operators confirm (it replaces the current candidate, which is retired)
 * with a reason and, optionally, a window of the predictions' ts (UTC days, both included; by
 * default the 365 days up to the newest matured pair). Viewers see it disabled, with why.
 */
export function FitCandidateButton({ canFit }: { canFit: boolean }) {
  const models = useModels();
  const propose = useProposeCandidate();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const current = models.data?.candidateId ?? null;
  const badWindow = from && to && from > to ? 'the last day must be on or after the first' : null;

  if (!canFit)
    return (
      <div className="row" style={{ alignItems: 'center' }}>
        <button type="button" disabled title="Fitting a candidate needs the operator role">
          Fit a candidate now
        </button>
        <span className="muted">Operators fit a candidate; you can view the versions.</span>
      </div>
    );

  return (
    <div>
      <button
        type="button"
        onClick={() => (setConfirming(true), propose.reset())}
        disabled={confirming || propose.isPending}
      >
        Fit a candidate now
      </button>
      {confirming && (
        <form
          role="alertdialog"
          aria-label="Confirm fitting a candidate"
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            if (badWindow || reason.trim().length < 3) return;
            propose.mutate(
              {
                reason: reason.trim(),
                ...(from ? { from: `${from}T00:00:00Z` } : {}),
                ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
              },
              { onSuccess: () => setConfirming(false) },
            );
          }}
        >
          <p>
            Fit the Bayesian weight update on the active model’s matured pairs and store it as the
            candidate.{' '}
            {current
              ? `It replaces the current candidate ${current}, which is retired (audited).`
              : 'There is no candidate now.'}{' '}
            Nothing is served from a candidate; the active model is unchanged.
          </p>
          <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
            <label>
              Reason
              <input
                name="reason"
                required
                minLength={3}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </label>
            <label>
              First day (UTC, optional)
              <input
                type="date"
                name="from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              Last day (UTC, optional)
              <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
          </div>
          <p className="muted">
            {badWindow ??
              'Empty window: the 365 days up to the newest matured pair. At least 200 pairs are needed.'}
          </p>
          <div className="row">
            <button
              type="submit"
              disabled={propose.isPending || Boolean(badWindow) || reason.trim().length < 3}
              title={reason.trim().length < 3 ? 'say why (at least 3 characters)' : undefined}
            >
              {propose.isPending ? 'Fitting…' : 'Confirm: fit and replace the candidate'}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {propose.isSuccess && !confirming && (
        <p role="status">
          Candidate {propose.data.candidate.id} stored
          {propose.data.retired ? `; ${propose.data.retired} retired` : ''}.
        </p>
      )}
      {propose.error && (
        <p className="error" role="alert">
          {propose.error.message}
        </p>
      )}
    </div>
  );
}
