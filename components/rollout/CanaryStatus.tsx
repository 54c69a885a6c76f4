'use client';

import { useCanary } from '@/lib/hooks/useCanary';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime } from '@/components/ui/format';

/** Whether the canary prober is sending score traffic, and its last request. */
export function CanaryStatus() {
  const canary = useCanary();
  const c = canary.data;
  const state = !c?.known
    ? 'not started yet'
    : !c.enabled
      ? 'off (CANARY=off)'
      : c.running
        ? 'running'
        : 'stopped';
  const last = c?.lastRequest;
  return (
    <section className="panel" aria-label="Canary">
      <h2>Canary</h2>
      <QueryState isPending={canary.isPending} error={canary.error}>
        <p>
          <strong data-testid="canary-state" className={state === 'stopped' ? 'error' : undefined}>
            {state}
          </strong>{' '}
          <span className="muted">
            {c?.ratePerMinute ? `${c.ratePerMinute} score requests a minute` : ''}
            {c?.instance ? ` from ${c.instance}` : ''} · {c?.sent ?? 0} sent, {c?.failed ?? 0}{' '}
            failed
          </span>
        </p>
        <p data-testid="canary-last">
          Last request:{' '}
          {last ? (
            <>
              {formatTime(last.at)} · {last.symbol ?? '—'} {last.tf ?? ''} ·{' '}
              {last.status === null ? 'no answer' : `HTTP ${last.status}`}
              {last.latencyMs !== null ? ` in ${Math.round(last.latencyMs)} ms` : ''}
              {last.error && <span className="error"> · {last.error}</span>}
            </>
          ) : (
            <span className="muted">none yet</span>
          )}
        </p>
      </QueryState>
    </section>
  );
}
