'use client';

import { useAutomationControl, useAutomationStatus } from '@/lib/hooks/useAutomation';
import { QueryState } from '@/components/ui/QueryState';
import { formatTime as time } from '@/components/slo/sloFormat';

const LAST_CYCLE = {
  'new-predictions': 'new candles predicted',
  'no-new-candle': 'no new candle (nothing to predict)',
  'empty-output': 'no model output',
  'no-series': 'no symbol to score',
} as const;

export function AutomationPanel({ canControl }: { canControl: boolean }) {
  const status = useAutomationStatus();
  const control = useAutomationControl();
  const a = status.data;
  const state = !a
    ? ''
    : a.running
      ? 'running'
      : a.desired === 'running'
        ? 'starting (no leader yet)'
        : 'stopped';

  return (
    <section className="panel" aria-label="Automation">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>Automation</h2>
        {canControl && a && (
          <button
            className={a.desired === 'running' ? 'secondary' : undefined}
            disabled={control.isPending}
            onClick={() => control.mutate(a.desired === 'running' ? 'stop' : 'start')}
          >
            {a.desired === 'running' ? 'Stop Automation' : 'Start Automation'}
          </button>
        )}
      </div>
      <QueryState isPending={status.isPending} error={status.error}>
        {a && (
          <table aria-label="Automation status">
            <tbody>
              <tr>
                <th>State</th>
                <td data-testid="automation-state" className={a.running ? undefined : 'error'}>
                  {state}
                </td>
              </tr>
              <tr>
                <th>Leader</th>
                <td>
                  {a.leader ? `${a.leader.instance} (since ${time(a.leader.since)})` : 'none'}
                </td>
              </tr>
              <tr>
                <th>Cycles</th>
                <td>
                  <span data-testid="automation-cycles">{a.cycleCount}</span> · every{' '}
                  {a.intervalSeconds} s · last {time(a.lastCycleAt)} · next {time(a.nextCycleAt)}
                </td>
              </tr>
              {a.lastCycle && (
                <tr>
                  <th>Last cycle</th>
                  <td
                    data-testid="automation-last-cycle"
                    className={
                      a.lastCycle.outcome === 'empty-output' || a.lastCycle.outcome === 'no-series'
                        ? 'error'
                        : undefined
                    }
                  >
                    {LAST_CYCLE[a.lastCycle.outcome]} · {a.lastCycle.predictions} predictions ·{' '}
                    {a.lastCycle.scored} series scored · {a.lastCycle.unchanged} without a new
                    candle
                    {a.lastCycle.empty > 0 && ` · ${a.lastCycle.empty} without output`}
                  </td>
                </tr>
              )}
              {a.lastError && (
                <tr>
                  <th>Last error</th>
                  <td className="error">
                    {a.lastError} ({time(a.lastErrorAt)})
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
        {control.error && (
          <p className="error" role="alert">
            {control.error.message}
          </p>
        )}
      </QueryState>
    </section>
  );
}
