'use client';

import type { RolloutChange } from '@/lib/contracts/rollout';
import { useRolloutChanges } from '@/lib/hooks/useRollout';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatMs, formatPercent, formatSeconds, formatTime } from '@/components/ui/format';

type Gates = NonNullable<RolloutChange['gates']>;

function GateCell({ gates }: { gates: RolloutChange['gates'] }) {
  if (!gates) return <span className="muted">not captured</span>;
  const g: Gates = gates;
  return (
    <span>
      <strong>{g.status}</strong>: p95 {formatMs(g.p95)} ({g.gates.p95}), errors{' '}
      {formatPercent(g.err)} ({g.gates.err}), staleness {formatSeconds(g.staleness)} (
      {g.gates.staleness}), score rate {g.scoreRate.perMinute.toFixed(1)}/min ({g.scoreRate.state})
      <br />
      <span className="muted">
        {g.eligibility.eligible ? 'eligible' : 'not eligible'}: {g.eligibility.reason}
      </span>
    </span>
  );
}

const COLUMNS: readonly Column<RolloutChange>[] = [
  { key: 'ts', header: 'When', cell: (c) => formatTime(c.ts), nowrap: true },
  {
    key: 'change',
    header: 'From → to',
    cell: (c) => (
      <span>
        {c.from} → {c.to}
        {c.forced && (
          <>
            {' '}
            <strong className="error">forced</strong>
          </>
        )}
      </span>
    ),
    nowrap: true,
    cellProps: (c) => ({ 'data-forced': c.forced ? 'true' : undefined }),
  },
  { key: 'actor', header: 'Who', cell: (c) => c.actor },
  {
    key: 'reason',
    header: 'Why',
    cell: (c) => (
      <span>
        {c.reason}
        {c.unmet.length > 0 && (
          <span className="muted">
            <br />
            forced past: {c.unmet.join('; ')}
          </span>
        )}
      </span>
    ),
  },
  { key: 'gates', header: 'Gates at the time', cell: (c) => <GateCell gates={c.gates} /> },
];

/** Every stage change, newest first (Argo's revision history): who, when, why, the gates. */
export function StageTimeline() {
  const changes = useRolloutChanges();
  return (
    <section className="panel" aria-label="Stage timeline">
      <h2>Stage timeline</h2>
      <DataTable
        label="Stage changes"
        columns={COLUMNS}
        rows={changes.data?.items}
        rowKey={(c) => c.id}
        rowProps={() => ({ 'data-testid': 'stage-change' })}
        status={changes}
        emptyText="No stage change yet: the stage is the initial one."
      />
    </section>
  );
}
