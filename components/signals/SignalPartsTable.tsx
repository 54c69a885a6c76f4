'use client';

import type { z } from 'zod';
import type { signalPartFigures } from '@/lib/contracts/signalParts';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { formatPercent } from '@/components/ui/format';
import { formatCorrelation, PART_LABELS } from './signalFormat';

type PartRow = z.input<typeof signalPartFigures>;

const withCount = (rate: number | null, n: number) => (
  <>
    {formatPercent(rate)} <span className="muted">of {n.toLocaleString()}</span>
  </>
);

const columns = (carrier: string | null): Column<PartRow>[] => [
  {
    key: 'part',
    header: 'Part',
    rowHeader: true,
    cell: (p) => (
      <>
        {PART_LABELS[p.part]}
        {p.part === carrier && (
          <div className="muted" data-testid="signal-carrier">
            carries the most wins
          </div>
        )}
      </>
    ),
  },
  {
    key: 'winShare',
    header: 'Share of wins',
    nowrap: true,
    cell: (p) => formatPercent(p.winShare),
    cellProps: (p) => ({ 'data-testid': `signal-winshare-${p.part}` }),
  },
  {
    key: 'agreement',
    header: 'Agreed with the decision',
    nowrap: true,
    cell: (p) => formatPercent(p.agreement),
  },
  {
    key: 'hitAgree',
    header: 'Hit rate when agreeing',
    nowrap: true,
    cell: (p) => withCount(p.hitRateAgree, p.nAgree),
  },
  {
    key: 'hitDisagree',
    header: 'Hit rate otherwise',
    nowrap: true,
    cell: (p) => withCount(p.hitRateDisagree, p.nDisagree),
  },
  {
    key: 'correlation',
    header: 'Correlation with the return',
    nowrap: true,
    cell: (p) => formatCorrelation(p.correlation),
  },
];

/** One row per part: agreement, hit rate when agreeing or not, correlation, share of the wins. */
export function SignalPartsTable({
  parts,
  status,
  emptyText,
}: {
  parts: readonly PartRow[] | undefined;
  status: { isPending: boolean; error: Error | null };
  emptyText: string;
}) {
  const ranked = (parts ?? []).filter((p) => p.winShare !== null);
  const carrier = ranked.length
    ? ranked.reduce((best, p) => (p.winShare! > best.winShare! ? p : best)).part
    : null;
  return (
    <DataTable
      label="Signal parts"
      columns={columns(carrier)}
      rows={parts}
      rowKey={(p) => p.part}
      rowProps={(p) => ({ 'data-testid': `signal-part-${p.part}` })}
      status={status}
      emptyText={emptyText}
    />
  );
}
