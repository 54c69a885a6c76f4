'use client';

import type { CalibrationItem } from '@/lib/contracts/calibration';
import { DataTable } from '@/components/ui/DataTable';
import { formatPercent } from '@/components/ui/format';
import { Badge } from '@/components/slo/GateBadge';

type Bucket = CalibrationItem['buckets'][number];

/** The diagram's numbers: per bucket its pairs, mean confidence, hit rate, gap and band. */
export function BucketTable({ buckets, horizon }: { buckets: readonly Bucket[]; horizon: string }) {
  return (
    <DataTable
      label={`Reliability buckets, ${horizon}`}
      rows={buckets}
      rowKey={(b) => b.bucket}
      rowProps={(b) => ({ 'data-testid': `bucket-row-${horizon}-${b.bucket}` })}
      columns={[
        { key: 'bucket', header: 'Bucket', cell: (b) => b.bucket, rowHeader: true },
        {
          key: 'n',
          header: 'Pairs',
          cell: (b) => b.n.toLocaleString(),
          cellProps: () => ({ 'data-testid': 'bucket-n' }),
        },
        { key: 'conf', header: 'Mean confidence', cell: (b) => formatPercent(b.meanConfid) },
        { key: 'hit', header: 'Hit rate', cell: (b) => formatPercent(b.hitRate) },
        {
          key: 'gap',
          header: 'Gap',
          cell: (b) =>
            b.hitRate === null || b.meanConfid === null
              ? '—'
              : `${b.hitRate >= b.meanConfid ? '+' : '−'}${formatPercent(Math.abs(b.hitRate - b.meanConfid))}`,
        },
        {
          key: 'band',
          header: '±5 %',
          nowrap: true,
          cell: (b) =>
            b.withinBand === null ? (
              <Badge tone="muted">no pairs</Badge>
            ) : b.withinBand ? (
              <Badge tone="pass">within</Badge>
            ) : (
              <Badge tone="fail">outside</Badge>
            ),
        },
      ]}
    />
  );
}
