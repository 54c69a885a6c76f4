'use client';

import { useState } from 'react';
import { ROLLOUT_STAGES, type RolloutStage } from '@/lib/domain/rollout';
import type { PromotionEligibility } from '@/lib/domain/slo/eligibility';
import { useChangeRollout, useRollout } from '@/lib/hooks/useRollout';
import { QueryState } from '@/components/ui/QueryState';

const DESCRIPTIONS: Record<RolloutStage, string> = {
  off: 'Model switched off: decisions are always 0.',
  preview: 'Paper trading: decisions shown, advisory only.',
  '0.1': '10 % of symbol/timeframe pairs get live decisions.',
  '0.5': '50 % of pairs get live decisions.',
  '1.0': 'Every pair gets live decisions.',
};

/** Audited reason of a one-click rollback when the operator typed none. */
const ROLLBACK_REASON = 'one-click rollback to off';

export function RolloutPanel({
  canChange,
  eligibility,
}: {
  canChange: boolean;
  /** When given (the guardrails page), a "Promote to <next>" button enabled only when eligible. */
  eligibility?: PromotionEligibility;
}) {
  const rollout = useRollout();
  const change = useChangeRollout();
  const [reason, setReason] = useState('');
  const current = rollout.data?.stage;
  const hasReason = reason.trim().length >= 3;
  const set = (stage: RolloutStage, why: string) =>
    change.mutate({ stage, reason: why }, { onSuccess: () => setReason('') });
  const next = eligibility?.currentStage === current ? eligibility?.next : null;

  return (
    <section className="panel" aria-label="Rollout stage">
      <h2>Rollout stage</h2>
      <QueryState query={rollout} live>
        <p>
          Current stage: <strong data-testid="rollout-stage">{current}</strong>{' '}
          <span className="muted">
            ({current && DESCRIPTIONS[current]}) — set by {rollout.data?.updatedBy}
            {rollout.data?.reason ? `: “${rollout.data.reason}”` : ''}
          </span>
        </p>
        {canChange ? (
          <form
            onSubmit={(event) => event.preventDefault()}
            className="row"
            aria-label="Change rollout stage"
          >
            <label style={{ flex: 1 }}>
              Reason (audited)
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="why this change"
              />
            </label>
            {eligibility && next && (
              <button
                type="button"
                disabled={change.isPending || !eligibility.eligible || !hasReason}
                title={eligibility.reason}
                onClick={() => set(next, reason)}
              >
                Promote to {next}
              </button>
            )}
            {ROLLOUT_STAGES.map((stage) =>
              stage === 'off' ? (
                // One click, no reason needed: the audit records a default one.
                <button
                  key={stage}
                  type="button"
                  disabled={change.isPending || current === 'off'}
                  onClick={() => set('off', hasReason ? reason : ROLLBACK_REASON)}
                >
                  Roll back to off
                </button>
              ) : (
                <button
                  key={stage}
                  type="button"
                  className="secondary"
                  disabled={change.isPending || stage === current || !hasReason}
                  onClick={() => set(stage, reason)}
                >
                  {`Set ${stage}`}
                </button>
              ),
            )}
          </form>
        ) : (
          <p className="muted">Operators change the stage.</p>
        )}
        {change.error && (
          <p className="error" role="alert">
            {change.error.message}
          </p>
        )}
      </QueryState>
    </section>
  );
}
