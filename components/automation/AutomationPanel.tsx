'use client';

import type { ReactNode } from 'react';
import type { AutomationStatus } from '@/lib/contracts/automation';
import { useAutomationControl, useAutomationStatus } from '@/lib/hooks/useAutomation';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime as time } from '@/components/ui/format';

const LAST_CYCLE = {
  'new-predictions': 'new candles predicted',
  'no-new-candle': 'no new candle (nothing to predict)',
  'empty-output': 'no model output',
  'no-series': 'no symbol to score',
} as const;

interface Fact {
  name: string;
  value: ReactNode;
}

const COLUMNS: Column<Fact>[] = [
  { key: 'name', header: 'What', rowHeader: true, cell: (f) => f.name },
  { key: 'value', header: 'Now', cell: (f) => f.value },
];

function facts(a: AutomationStatus): Fact[] {
  const state = a.running
    ? 'running'
    : a.desired === 'running'
      ? 'starting (no leader yet)'
      : 'stopped';
  const rows: Fact[] = [
    {
      name: 'State',
      value: (
        <span data-testid="automation-state" className={a.running ? undefined : 'error'}>
          {state}
        </span>
      ),
    },
    {
      name: 'Leader',
      value: a.leader ? `${a.leader.instance} (since ${time(a.leader.since)})` : 'none',
    },
    {
      name: 'Cycles',
      value: (
        <>
          <span data-testid="automation-cycles">{a.cycleCount}</span> · every {a.intervalSeconds} s
          · last {time(a.lastCycleAt)} · next {time(a.nextCycleAt)}
        </>
      ),
    },
  ];
  const cycle = a.lastCycle;
  if (cycle)
    rows.push({
      name: 'Last cycle',
      value: (
        <span
          data-testid="automation-last-cycle"
          className={
            cycle.outcome === 'empty-output' || cycle.outcome === 'no-series' ? 'error' : undefined
          }
        >
          {LAST_CYCLE[cycle.outcome]} · {cycle.predictions} predictions · {cycle.scored} series
          scored · {cycle.unchanged} without a new candle
          {cycle.empty > 0 && ` · ${cycle.empty} without output`}
        </span>
      ),
    });
  if (a.lastError)
    rows.push({
      name: 'Last error',
      value: (
        <span className="error">
          {a.lastError} ({time(a.lastErrorAt)})
        </span>
      ),
    });
  return rows;
}

export function AutomationPanel({ canControl }: { canControl: boolean }) {
  const status = useAutomationStatus();
  const control = useAutomationControl();
  const a = status.data;

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
      <DataTable
        label="Automation status"
        headless
        columns={COLUMNS}
        rows={a && facts(a)}
        rowKey={(f) => f.name}
        status={status}
        live
      />
      {control.error && (
        <p className="error" role="alert">
          {control.error.message}
        </p>
      )}
    </section>
  );
}
