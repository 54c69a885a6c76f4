'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CalibrationItem } from '@/lib/contracts/calibration';
import { CHART_THEME } from '@/components/ui/chartTheme';

/** Matured pairs per confidence bucket; a bucket outside the ±5 % band is red. */
export function BucketCounts({
  buckets,
  testId,
}: {
  buckets: CalibrationItem['buckets'];
  testId?: string;
}) {
  return (
    <div style={{ width: '100%', height: 130 }} data-testid={testId}>
      <ResponsiveContainer>
        <BarChart data={buckets} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" stroke={CHART_THEME.axis} />
          <YAxis stroke={CHART_THEME.axis} width={48} allowDecimals={false} />
          <Tooltip
            cursor={{ fill: CHART_THEME.grid }}
            contentStyle={{
              background: CHART_THEME.tooltipBackground,
              border: `1px solid ${CHART_THEME.tooltipBorder}`,
            }}
            labelStyle={{ color: CHART_THEME.text }}
            labelFormatter={(bucket) => `bucket ${String(bucket)}`}
            formatter={(n) => [Number(n).toLocaleString(), 'pairs']}
          />
          <Bar dataKey="n" isAnimationActive={false} name="pairs">
            {buckets.map((b) => (
              <Cell
                key={b.bucket}
                fill={b.withinBand === false ? CHART_THEME.danger : CHART_THEME.palette[0]}
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
