'use client';

import type { ModelMetricsItem } from '@/lib/contracts/modelMetrics';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber } from '@/components/ui/format';
import { BaselinesList } from './BaselinesList';
import { QualityFigure } from './QualityFigure';
import { bucketLabel, WINDOW_LABELS } from './metricsFormat';

const columns: Column<ModelMetricsItem>[] = [
  {
    key: 'group',
    header: 'Horizon',
    rowHeader: true,
    nowrap: true,
    cell: (m) => (
      <>
        <strong>{m.horizon}</strong>
        <div className="muted" style={{ fontSize: '0.85em' }}>
          {WINDOW_LABELS[m.window]}
          <br />
          {bucketLabel(m.bucket)}
          <br />
          {m.model}
        </div>
      </>
    ),
  },
  {
    key: 'n',
    header: 'Decisions',
    cell: (m) => (
      <>
        {m.nDecisions.toLocaleString()}
        <div className="muted" style={{ fontSize: '0.85em' }}>
          of {m.n.toLocaleString()} pairs
        </div>
      </>
    ),
  },
  { key: 'hit', header: 'Hit rate', cell: (m) => <QualityFigure item={m} kind="hitRate" /> },
  { key: 'ir', header: 'IR (annualised)', cell: (m) => <QualityFigure item={m} kind="ir" /> },
  {
    key: 'brier',
    header: 'Brier',
    cell: (m) => (
      <>
        {formatNumber(m.brier, 4)}
        <div className="muted" style={{ fontSize: '0.85em' }}>
          skill score {formatNumber(m.skill?.brierSkillScore ?? null, 3)}
        </div>
      </>
    ),
  },
  { key: 'ece', header: 'ECE', cell: (m) => formatNumber(m.ece, 4) },
  { key: 'baselines', header: 'Baselines', cell: (m) => <BaselinesList item={m} /> },
];

/** The metrics rows, each quality figure with its target and its best baseline beside it. */
export function MetricsTable({
  rows,
  status,
  filters,
  emptyText,
}: {
  rows: readonly ModelMetricsItem[] | undefined;
  status: { isPending: boolean; error: Error | null };
  filters: React.ReactNode;
  emptyText: string;
}) {
  return (
    <DataTable
      label="Model metrics"
      columns={columns}
      rows={rows}
      rowKey={(m) => `${m.model}|${m.horizon}|${m.window}|${m.bucket}`}
      rowProps={(m) => ({
        'data-testid': `metrics-row-${m.horizon}-${m.window}-${m.bucket}`,
        style: { verticalAlign: 'top' },
      })}
      status={status}
      emptyText={emptyText}
      filters={filters}
    />
  );
}
