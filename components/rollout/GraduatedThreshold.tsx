'use client';

import { useState } from 'react';
import type { ThresholdReport } from '@/lib/contracts/threshold';
import { THRESHOLD_STEPS } from '@/lib/domain/graduatedThreshold';
import { useSetThreshold, useThreshold } from '@/lib/hooks/useThreshold';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { QueryState } from '@/components/ui/QueryState';
import { formatNumber, formatPercent, formatTime } from '@/components/ui/format';
import { ConfirmThresholdStep } from './ConfirmThresholdStep';

type Change = ThresholdReport['history'][number];

const step = (x: number | null) => (x === null ? '—' : x.toFixed(2));

const HISTORY: readonly Column<Change>[] = [
  { key: 'ts', header: 'When', cell: (c) => formatTime(c.ts), nowrap: true },
  {
    key: 'change',
    header: 'From → to',
    cell: (c) => `${step(c.from)} → ${step(c.to)}`,
    nowrap: true,
  },
  {
    key: 'how',
    header: 'How',
    cell: (c) => (c.action === 'threshold.step' ? 'rule met' : 'set by hand'),
    nowrap: true,
  },
  { key: 'actor', header: 'Who', cell: (c) => c.actor },
  { key: 'reason', header: 'Why', cell: (c) => c.reason },
];

/** 0.55 → 0.60 → 0.65: the steps passed, the one in force, those to come. */
function StepIndicator({ current }: { current: number }) {
  const at = THRESHOLD_STEPS.findIndex((s) => Math.abs(s - current) < 1e-9);
  return (
    <ol
      aria-label="Threshold steps"
      data-testid="threshold-steps"
      style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', listStyle: 'none', padding: 0 }}
    >
      {THRESHOLD_STEPS.map((s, i) => {
        const state = i < at ? 'passed' : i === at ? 'current' : 'to come';
        return (
          <li
            key={s}
            aria-current={i === at ? 'step' : undefined}
            data-state={state}
            style={{
              padding: '0.35rem 0.75rem',
              borderRadius: 999,
              border: `2px solid ${i === at ? 'var(--accent)' : 'var(--border)'}`,
              fontWeight: i === at ? 700 : 400,
            }}
          >
            {s.toFixed(2)} <span className="muted">({state})</span>
            {i < THRESHOLD_STEPS.length - 1 && (
              <span aria-hidden="true" style={{ marginLeft: '0.5rem' }}>
                →
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The graduated live threshold on the Rollout page: the step in force (a three-step indicator),
 * since when, the condition for the next step with the evidence (n of M, hit rate, IR), the
 * history of steps; an admin may set a step by hand, with a reason, after a confirmation.
 */
export function GraduatedThreshold({ canSet }: { canSet: boolean }) {
  const threshold = useThreshold();
  const set = useSetThreshold();
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const t = threshold.data;
  const hasReason = reason.trim().length >= 3;
  const whyNot =
    target === ''
      ? 'pick a step first'
      : !hasReason
        ? 'type a reason first (at least 3 characters)'
        : null;
  return (
    <section className="panel" aria-label="Graduated threshold">
      <h2>Graduated live threshold</h2>
      <QueryState isPending={threshold.isPending} error={threshold.error}>
        {t && (
          <>
            <StepIndicator current={t.step} />
            <p>
              Current step: <strong data-testid="threshold-step">{step(t.step)}</strong>{' '}
              <span className="muted">
                since {formatTime(t.since)}, set by {t.updatedBy}
                {t.reason ? `: “${t.reason}”` : ''}
              </span>
            </p>
            <p className="muted">
              Live decisions use {step(t.effective)}: the step, never above the model&apos;s own
              live threshold ({step(t.modelLiveThreshold)}). Advisory decisions keep the
              model&apos;s advisory threshold.
            </p>
            <p data-testid="threshold-condition">
              <strong>{t.next === null ? 'Last step' : `Next: ${step(t.next)}`}</strong> —{' '}
              {t.condition}
            </p>
            <dl
              data-testid="threshold-evidence"
              style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1.5rem', margin: 0 }}
            >
              <div>
                <dt className="muted">Matured live decisions</dt>
                <dd style={{ margin: 0 }}>
                  {t.evidence.n} of {t.minOutcomes}
                </dd>
              </div>
              <div>
                <dt className="muted">Hit rate (target ≥ 60 %)</dt>
                <dd style={{ margin: 0 }}>{formatPercent(t.evidence.hitRate)}</dd>
              </div>
              <div>
                <dt className="muted">IR (target &gt; 1.0)</dt>
                <dd style={{ margin: 0 }}>{formatNumber(t.evidence.ir)}</dd>
              </div>
              <div>
                <dt className="muted">Rule</dt>
                <dd style={{ margin: 0 }}>
                  {t.next === null
                    ? 'no further step'
                    : t.ready
                      ? 'met: steps up within a minute'
                      : 'not met yet'}
                </dd>
              </div>
            </dl>
            {t.unmet.length > 0 && (
              <ul data-testid="threshold-unmet">
                {t.unmet.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            )}
            <h3>History</h3>
            <DataTable
              label="Threshold step history"
              columns={HISTORY}
              rows={t.history}
              rowKey={(c) => c.id}
              emptyText="No step change yet: the threshold is at its initial step."
            />
            {canSet ? (
              <form
                onSubmit={(event) => event.preventDefault()}
                aria-label="Set the threshold step by hand"
              >
                <div className="row" style={{ alignItems: 'end' }}>
                  <label>
                    Threshold step
                    <select value={target} onChange={(e) => setTarget(e.target.value)}>
                      <option value="">Choose…</option>
                      {THRESHOLD_STEPS.map((s) => (
                        <option key={s} value={String(s)}>
                          {s.toFixed(2)}
                          {Math.abs(s - t.step) < 1e-9 ? ' (current: restarts the evidence)' : ''}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label style={{ flex: 1 }}>
                    Reason for the step (audited)
                    <input
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                      placeholder="why this step"
                    />
                  </label>
                  <button
                    type="button"
                    disabled={set.isPending || whyNot !== null}
                    title={whyNot ?? `set the step ${step(t.step)} → ${target}`}
                    onClick={() => {
                      set.reset();
                      setConfirming(true);
                    }}
                  >
                    Set threshold step
                  </button>
                </div>
                {whyNot && <p className="muted">Set threshold step is unavailable: {whyNot}.</p>}
              </form>
            ) : (
              <p className="muted">An admin may set the step by hand, with a reason.</p>
            )}
            {set.error && !confirming && (
              <p className="error" role="alert">
                {set.error.message}
              </p>
            )}
            {confirming && target !== '' && (
              <ConfirmThresholdStep
                from={t.step}
                to={Number(target)}
                reason={reason.trim()}
                pending={set.isPending}
                onCancel={() => setConfirming(false)}
                onConfirm={() =>
                  set.mutate(
                    { step: Number(target), reason: reason.trim() },
                    {
                      onSuccess: () => {
                        setConfirming(false);
                        setTarget('');
                        setReason('');
                      },
                      onError: () => setConfirming(false),
                    },
                  )
                }
              />
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
