'use client';

import type { QueueStats } from '@/lib/contracts/queues';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatTime } from '@/components/ui/format';
import { Badge } from '@/components/slo/GateBadge';
import { formatAge } from './queueFormat';

const warnCell = { style: { color: 'var(--danger)', fontWeight: 600 } };

const columns = (onOpen: (name: string) => void, selected: string): Column<QueueStats>[] => [
  {
    key: 'name',
    header: 'Queue',
    rowHeader: true,
    cell: (q) => (
      <>
        <button
          type="button"
          className="secondary"
          aria-pressed={q.name === selected}
          onClick={() => onOpen(q.name)}
        >
          {q.name}
        </button>
        <div className="muted">
          {q.kind === 'dead-letter'
            ? `dead letters of ${q.source}`
            : `${(q.retryLimit ?? 0) + 1} attempts, then ${q.deadLetter}`}
        </div>
      </>
    ),
  },
  { key: 'created', header: 'Created', cell: (q) => q.counts.created },
  { key: 'retry', header: 'Retry', cell: (q) => q.counts.retry },
  { key: 'active', header: 'Active', cell: (q) => q.counts.active },
  { key: 'completed', header: 'Completed', cell: (q) => q.counts.completed },
  {
    key: 'failed',
    header: 'Failed',
    cell: (q) => q.counts.failed,
    cellProps: (q) => (q.counts.failed > 0 ? warnCell : {}),
  },
  { key: 'cancelled', header: 'Cancelled', cell: (q) => q.counts.cancelled },
  {
    key: 'oldest',
    header: 'Oldest waiting',
    cell: (q) =>
      q.oldestWaiting ? (
        <>
          {formatAge(q.oldestWaiting.ageSeconds)}
          <div className="muted">{formatTime(q.oldestWaiting.createdOn)}</div>
        </>
      ) : (
        '—'
      ),
  },
  {
    key: 'perHour',
    header: 'Last hour',
    cell: (q) => (
      <span title="jobs created / completed / failed in the last hour">
        {q.perHour.created} new · {q.perHour.completed} done · {q.perHour.failed} failed
      </span>
    ),
  },
  {
    key: 'retries',
    header: 'Retries',
    cell: (q) => (
      <>
        {q.retries.retried} retried, max {q.retries.maxAttempts} attempts
        {q.retries.beyondThreeAttempts > 0 && (
          <div>
            <Badge tone="fail">{q.retries.beyondThreeAttempts} beyond 3 attempts</Badge>
          </div>
        )}
      </>
    ),
  },
  {
    key: 'gate',
    header: 'Card gate',
    cell: (q) =>
      q.kind === 'dead-letter' ? (
        <Badge tone={q.dlqOverGate ? 'fail' : q.deadJobs > 0 ? 'warn' : 'pass'}>
          {q.deadJobs} dead {q.dlqOverGate ? '> 2' : '≤ 2'}
        </Badge>
      ) : (
        <span className="muted">
          {q.lastCompletedAt ? `last done ${formatTime(q.lastCompletedAt)}` : 'never done'}
        </span>
      ),
  },
];

/** Every queue and its dead-letter queue, jobs by state; a DLQ above 2 is highlighted. */
export function QueueTable({
  queues,
  selected,
  onOpen,
}: {
  queues: readonly QueueStats[];
  selected: string;
  onOpen: (name: string) => void;
}) {
  return (
    <DataTable
      label="Queues"
      columns={columns(onOpen, selected)}
      rows={queues}
      rowKey={(q) => q.name}
      rowProps={(q) => ({
        'data-testid': `queue-${q.name}`,
        style: q.dlqOverGate ? { background: 'rgba(255, 107, 107, 0.12)' } : undefined,
      })}
    />
  );
}
