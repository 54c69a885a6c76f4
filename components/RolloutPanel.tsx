'use client';

import { useState } from 'react';
import { ROLLOUT_STAGES, type RolloutStage } from '@/lib/domain/rollout';
import { useChangeRollout, useRollout } from '@/lib/hooks/useRollout';
import { QueryState } from './QueryState';

const DESCRIPTIONS: Record<RolloutStage, string> = {
  off: 'Model switched off: decisions are always 0.',
  preview: 'Paper trading: decisions shown, advisory only.',
  '0.1': '10 % of symbol/timeframe pairs get live decisions.',
  '0.5': '50 % of pairs get live decisions.',
  '1.0': 'Every pair gets live decisions.',
};

export function RolloutPanel({ canChange }: { canChange: boolean }) {
  const rollout = useRollout();
  const change = useChangeRollout();
  const [reason, setReason] = useState('');
  const current = rollout.data?.stage;

  return (
    <section className="panel" aria-label="Rollout stage">
      <h2>Rollout stage</h2>
      <QueryState isPending={rollout.isPending} error={rollout.error}>
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
            {ROLLOUT_STAGES.map((stage) => (
              <button
                key={stage}
                type="button"
                className={stage === 'off' ? undefined : 'secondary'}
                disabled={change.isPending || stage === current || reason.trim().length < 3}
                onClick={() => change.mutate({ stage, reason }, { onSuccess: () => setReason('') })}
              >
                {stage === 'off' ? 'Roll back to off' : `Set ${stage}`}
              </button>
            ))}
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
