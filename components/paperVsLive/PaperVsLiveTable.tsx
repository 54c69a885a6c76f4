'use client';

import type { ReactNode } from 'react';
import { emptyReason } from '@/lib/domain/paperVsLive';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatNumber } from '@/components/ui/format';
import {
  formatDifference,
  formatHit,
  GROUP_LABELS,
  verdict,
  type GroupData,
  type HorizonData,
} from './paperVsLiveFormat';

interface Row {
  key: string;
  label: string;
  paper: ReactNode;
  live: ReactNode;
  difference: ReactNode;
  history: ReactNode;
}

const count = (v: number) => v.toLocaleString('en-US');
const GROUPS = ['paper', 'live', 'history'] as const;

function rows(h: HorizonData): Row[] {
  const per = (f: (g: GroupData) => ReactNode) =>
    Object.fromEntries(GROUPS.map((g) => [g, f(h[g])])) as Record<
      (typeof GROUPS)[number],
      ReactNode
    >;
  const diff = (d: HorizonData['difference']['hitRate'], percent: boolean) =>
    d ? (
      <>
        {formatDifference(d, percent)}
        {d.beyondNoise !== null && (
          <div className={d.beyondNoise ? undefined : 'muted'} data-testid="difference-verdict">
            {d.beyondNoise ? <strong>{verdict(d)}</strong> : verdict(d)}
          </div>
        )}
      </>
    ) : (
      <span className="muted">—</span>
    );
  return [
    { key: 'n', label: 'Matured pairs', ...per((g) => count(g.n)), difference: '' },
    { key: 'd', label: 'Decisions', ...per((g) => count(g.nDecisions)), difference: '' },
    {
      key: 'hit',
      label: 'Hit rate (95 %)',
      ...per((g) => formatHit(g)),
      difference: diff(h.difference.hitRate, true),
    },
    {
      key: 'ir',
      label: 'IR',
      ...per((g) => formatNumber(g.ir)),
      difference: diff(h.difference.ir, false),
    },
    {
      key: 'confid',
      label: 'Mean confid',
      ...per((g) => formatNumber(g.meanConfid, 3)),
      difference: '',
    },
  ];
}

const columns: Column<Row>[] = [
  { key: 'figure', header: 'Figure', rowHeader: true, nowrap: true, cell: (r) => r.label },
  {
    key: 'paper',
    header: GROUP_LABELS.paper,
    nowrap: true,
    cell: (r) => r.paper,
    cellProps: () => ({ 'data-testid': 'cell-paper' }),
  },
  {
    key: 'live',
    header: GROUP_LABELS.live,
    nowrap: true,
    cell: (r) => r.live,
    cellProps: () => ({ 'data-testid': 'cell-live' }),
  },
  { key: 'difference', header: 'Live − paper', nowrap: true, cell: (r) => r.difference },
  {
    key: 'history',
    header: GROUP_LABELS.history,
    nowrap: true,
    muted: true,
    cell: (r) => r.history,
    cellProps: () => ({ 'data-testid': 'cell-history' }),
  },
];

/** One horizon: paper | live | live − paper | replayed history, and why a column is empty. */
export function PaperVsLiveTable({ horizon }: { horizon: HorizonData }) {
  const reasons = GROUPS.map((g) => [g, emptyReason(g, horizon[g])] as const).filter(
    (r): r is readonly [(typeof GROUPS)[number], string] => r[1] !== null,
  );
  return (
    <section
      className="panel"
      aria-label={`Horizon ${horizon.horizon}`}
      data-testid={`horizon-${horizon.horizon}`}
    >
      <h2>Horizon {horizon.horizon}</h2>
      {reasons.length > 0 && (
        <ul className="muted" data-testid="empty-reasons">
          {reasons.map(([g, text]) => (
            <li key={g} data-testid={`empty-${g}`}>
              {GROUP_LABELS[g]}: {text}.
            </li>
          ))}
        </ul>
      )}
      <DataTable
        label={`Paper vs live, horizon ${horizon.horizon}`}
        columns={columns}
        rows={rows(horizon)}
        rowKey={(r) => r.key}
      />
    </section>
  );
}
