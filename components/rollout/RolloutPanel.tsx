'use client';

import { useState } from 'react';
import { ROLLOUT_STAGES, liveShare, type RolloutStage } from '@/lib/domain/rollout';
import { judgeStageChange } from '@/lib/domain/rolloutPlan';
import type { PromotionEligibility } from '@/lib/domain/slo/eligibility';
import { useChangeRollout, useRollout } from '@/lib/hooks/useRollout';
import { useSloStatus } from '@/lib/hooks/useSlo';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime } from '@/components/ui/format';
import { ConfirmStageChange, type StageChangeRequest } from './ConfirmStageChange';
import { STAGE_DESCRIPTIONS } from './stageText';

/** Audited reason of a rollback when the operator typed none. */
const ROLLBACK_REASON = 'one-click rollback to off';

const DANGER = { background: 'transparent', borderColor: 'var(--danger)', color: 'var(--danger)' };

/** The unmet conditions of a refused change (the 409's `unmet`), if the error carries them. */
function unmetOf(error: unknown): string[] {
  const body = (error as { body?: unknown } | null)?.body as { unmet?: unknown } | undefined;
  return Array.isArray(body?.unmet) ? body.unmet.filter((u) => typeof u === 'string') : [];
}

/**
 * The stage and its changes: the primary button is the safe next step (promote one stage, when
 * eligibility allows it; otherwise disabled, saying why), rollback to off a distinct danger
 * button, any other stage through a select; every change asks for confirmation stating what
 * changes. A refused change lists its unmet conditions, and an admin may force it.
 */
export function RolloutPanel({
  canChange,
  canForce = false,
  eligibility: given,
}: {
  canChange: boolean;
  /** An admin: a refused change may be forced with its reason (audited as forced). */
  canForce?: boolean;
  /** Promotion eligibility, when the page already has it (else read from the SLO status). */
  eligibility?: PromotionEligibility;
}) {
  const rollout = useRollout();
  const status = useSloStatus();
  const change = useChangeRollout();
  const [reason, setReason] = useState('');
  const [other, setOther] = useState<RolloutStage | ''>('');
  const [confirming, setConfirming] = useState<StageChangeRequest | null>(null);
  const [refused, setRefused] = useState<{ to: RolloutStage; unmet: string[] } | null>(null);
  const current = rollout.data?.stage;
  const eligibility = given ?? status.data?.eligibility;
  const hasReason = reason.trim().length >= 3;
  const index = current ? ROLLOUT_STAGES.indexOf(current) : -1;
  const next = index >= 0 ? (ROLLOUT_STAGES[index + 1] ?? null) : null;
  const pause = status.data?.pause ?? null;

  const whyNotPromote = ((): string | null => {
    if (!current || !next) return current ? `${current} is the last stage` : 'loading the stage';
    if (pause && liveShare(next) > 0)
      return `acknowledge breach #${pause.id} (${pause.rule}) before going live again`;
    if (!eligibility) return 'loading promotion eligibility';
    const verdict = judgeStageChange({ current, target: next, eligibility });
    if (!verdict.allowed) return verdict.because;
    if (eligibility.reason.startsWith('held:') && liveShare(next) > 0) return eligibility.reason;
    if (!hasReason) return 'type a reason first (at least 3 characters)';
    return null;
  })();

  const ask = (to: RolloutStage, why: string, force?: string[]) => {
    if (!current) return;
    change.reset();
    setConfirming({ from: current, to, reason: why, force });
  };

  const confirm = () => {
    if (!confirming) return;
    const { to, reason: why, force } = confirming;
    change.mutate(
      { stage: to, reason: why, ...(force ? { force: true } : {}) },
      {
        onSuccess: () => {
          setReason('');
          setOther('');
          setRefused(null);
          setConfirming(null);
        },
        onError: (error) => {
          setConfirming(null);
          const unmet = unmetOf(error);
          setRefused(unmet.length > 0 ? { to, unmet } : null);
        },
      },
    );
  };

  return (
    <section className="panel" aria-label="Rollout stage">
      <h2>Rollout stage</h2>
      <QueryState query={rollout} live>
        <p>
          Current stage: <strong data-testid="rollout-stage">{current}</strong>{' '}
          <span className="muted">
            ({current && STAGE_DESCRIPTIONS[current]}) — set by {rollout.data?.updatedBy}
            {rollout.data?.updatedAt ? ` at ${formatTime(rollout.data.updatedAt)}` : ''}
            {rollout.data?.reason ? `: “${rollout.data.reason}”` : ''}
          </span>
        </p>
        {canChange ? (
          <form onSubmit={(event) => event.preventDefault()} aria-label="Change rollout stage">
            <label>
              Reason (audited)
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="why this change"
              />
            </label>
            <div className="row" style={{ alignItems: 'center' }}>
              {next && (
                <button
                  type="button"
                  disabled={change.isPending || whyNotPromote !== null}
                  title={whyNotPromote ?? `promote ${current} → ${next}`}
                  aria-describedby="promote-why"
                  onClick={() => ask(next, reason)}
                >
                  Promote to {next}
                </button>
              )}
              <button
                type="button"
                style={DANGER}
                disabled={change.isPending || current === 'off'}
                title={current === 'off' ? 'already off' : 'decisions become 0 everywhere'}
                onClick={() => ask('off', hasReason ? reason : ROLLBACK_REASON)}
              >
                Roll back to off
              </button>
              <select
                aria-label="Other stage"
                value={other}
                onChange={(e) => setOther(e.target.value as RolloutStage | '')}
                style={{ marginTop: 0 }}
              >
                <option value="">Other stage…</option>
                {ROLLOUT_STAGES.filter((s) => s !== current).map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="secondary"
                disabled={change.isPending || other === '' || !hasReason}
                title={
                  other === ''
                    ? 'pick a stage first'
                    : !hasReason
                      ? 'type a reason first (at least 3 characters)'
                      : `set ${current} → ${other}`
                }
                onClick={() => other && ask(other, reason)}
              >
                Set stage
              </button>
            </div>
            {whyNotPromote && next && (
              <p className="muted" id="promote-why" data-testid="promote-why">
                Promote to {next} is unavailable: {whyNotPromote}
              </p>
            )}
          </form>
        ) : (
          <p className="muted">Operators change the stage.</p>
        )}
        {change.error && !confirming && (
          <div className="error" role="alert">
            <p style={{ margin: '0.5rem 0' }}>{change.error.message}</p>
            {refused && (
              <ul data-testid="rollout-unmet">
                {refused.unmet.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {refused && canChange && (
          <p className="row" style={{ alignItems: 'center' }}>
            <button
              type="button"
              style={DANGER}
              disabled={!canForce || !hasReason || change.isPending}
              title={
                !canForce
                  ? 'only an admin may force a change eligibility does not allow'
                  : !hasReason
                    ? 'type a reason first (at least 3 characters)'
                    : `force ${current} → ${refused.to}`
              }
              onClick={() => ask(refused.to, reason, refused.unmet)}
            >
              Force {current} → {refused.to} (admin)
            </button>
            {!canForce && (
              <span className="muted">
                Only an admin may force a change eligibility does not allow.
              </span>
            )}
          </p>
        )}
      </QueryState>
      {confirming && (
        <ConfirmStageChange
          request={confirming}
          pending={change.isPending}
          onConfirm={confirm}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
