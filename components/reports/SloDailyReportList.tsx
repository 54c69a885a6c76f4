'use client';

import type { SloDailyListItem } from '@/lib/contracts/reports';
import { sloDailyCsvHref, sloDailyJsonHref, useSloDailyReports } from '@/lib/hooks/useReports';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber, formatTime } from '@/components/ui/format';
import { WorstBadge } from './WorstBadge';

const GATE_SHORT = {
  p95: 'p95',
  staleness: 'staleness',
  err: 'errors',
  scoreRate: 'rate',
} as const;

const failing = (r: SloDailyListItem) => {
  const parts = (Object.keys(GATE_SHORT) as (keyof typeof GATE_SHORT)[])
    .filter((g) => r.failMinutes[g] > 0)
    .map((g) => `${GATE_SHORT[g]} ${r.failMinutes[g]}`);
  return parts.length ? parts.join(', ') : '—';
};

/** The stored reports, newest day first; choosing a day shows its report below. */
export function SloDailyReportList({
  selected,
  onSelect,
  cursor,
  onPage,
}: {
  selected: string | undefined;
  onSelect: (day: string) => void;
  cursor: string | undefined;
  onPage: (cursor: string | undefined) => void;
}) {
  const reports = useSloDailyReports(cursor);
  const columns: Column<SloDailyListItem>[] = [
    {
      key: 'day',
      header: 'Day (UTC)',
      rowHeader: true,
      nowrap: true,
      cell: (r) => (
        <button
          type="button"
          className="secondary"
          aria-pressed={selected === r.day}
          onClick={() => onSelect(r.day)}
        >
          {r.day}
        </button>
      ),
    },
    { key: 'worst', header: 'Worst gate', cell: (r) => <WorstBadge state={r.worst} /> },
    { key: 'fail', header: 'Failing minutes', cell: failing },
    { key: 'breaches', header: 'Breaches', nowrap: true, cell: (r) => formatNumber(r.breaches, 0) },
    {
      key: 'stages',
      header: 'Stage changes',
      nowrap: true,
      cell: (r) => formatNumber(r.stageChanges, 0),
    },
    {
      key: 'volume',
      header: 'Score volume',
      nowrap: true,
      cell: (r) => (
        <>
          {formatNumber(r.requests, 0)}
          <div className="muted">{formatNumber(r.errors, 0)} failed</div>
        </>
      ),
    },
    {
      key: 'built',
      header: 'Built',
      cell: (r) => (
        <>
          {formatTime(r.createdAt)}
          <div className="muted">by {r.createdBy}</div>
        </>
      ),
    },
    {
      key: 'download',
      header: 'Download',
      nowrap: true,
      cell: (r) => (
        <>
          <a href={sloDailyJsonHref(r.day)} download={`slo-daily_${r.day}.json`}>
            JSON
          </a>{' '}
          ·{' '}
          <a href={sloDailyCsvHref(r.day)} download>
            CSV
          </a>
        </>
      ),
    },
  ];
  return (
    <DataTable
      label="Daily SLO reports"
      columns={columns}
      rows={reports.data?.items}
      rowKey={(r) => r.day}
      rowProps={(r) => ({ 'data-testid': `slo-report-row-${r.day}` })}
      status={reports}
      emptyText="No reports yet: the daily job builds the previous UTC day's shortly after midnight UTC, once SLO data exists; operators may build a past day above."
      paging={{ cursor, nextCursor: reports.data?.nextCursor ?? null, onPage }}
    />
  );
}
