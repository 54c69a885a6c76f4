'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DriftFeatureItem } from '@/lib/contracts/drift';
import { CHART_THEME } from '@/components/ui/chartTheme';
import { formatNumber } from '@/components/ui/format';

const REFERENCE = CHART_THEME.palette[0];
const RECENT = CHART_THEME.palette[1];

/**
 * Reference and recent values over the same bins, overlaid (each bar on an axis of its own, so
 * they share a position), as the share of each window's values: windows of very different sizes
 * read on one scale.
 */
export function DriftHistogram({
  histogram,
  reference,
  recent,
  digits,
  testId,
}: {
  histogram: DriftFeatureItem['histogram'];
  reference: number;
  recent: number;
  digits: number;
  testId?: string;
}) {
  const data = histogram.map((bin) => ({
    bin: `${formatNumber(bin.from, digits)} … ${formatNumber(bin.to, digits)}`,
    reference: reference ? (bin.reference / reference) * 100 : 0,
    recent: recent ? (bin.recent / recent) * 100 : 0,
  }));
  return (
    <div style={{ width: '100%', height: 250 }} data-testid={testId} data-bins={data.length}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="bin"
            stroke={CHART_THEME.axis}
            minTickGap={16}
            xAxisId="reference"
            height={40}
            tickFormatter={(bin: string) => bin.split(' … ')[0]}
          />
          <XAxis dataKey="bin" xAxisId="recent" hide />
          <YAxis stroke={CHART_THEME.axis} width={56} unit=" %" />
          <Tooltip
            contentStyle={{
              background: CHART_THEME.tooltipBackground,
              border: `1px solid ${CHART_THEME.tooltipBorder}`,
            }}
            labelStyle={{ color: CHART_THEME.text }}
            formatter={(value) => `${Number(value).toFixed(1)} %`}
          />
          <Legend verticalAlign="top" height={28} />
          <Bar
            xAxisId="reference"
            dataKey="reference"
            name={`reference (${reference})`}
            fill={REFERENCE}
            fillOpacity={0.55}
            isAnimationActive={false}
          />
          <Bar
            xAxisId="recent"
            dataKey="recent"
            name={`last 7 days (${recent})`}
            fill={RECENT}
            fillOpacity={0.55}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
