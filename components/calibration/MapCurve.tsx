'use client';

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CHART_THEME } from '@/components/ui/chartTheme';

/** The isotonic map raw → calibrated confidence, drawn over the diagonal (the identity). */
export function MapCurve({ x, y, testId }: { x: number[]; y: number[]; testId?: string }) {
  const data = x.map((xi, i) => ({ x: xi, y: y[i]! }));
  const lo = Math.min(0.5, Math.floor(Math.min(...x, ...y, 1) * 10) / 10);
  const ticks = Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => lo + i / 10);
  return (
    <div style={{ width: '100%', height: 240 }} data-testid={testId}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[lo, 1]}
            ticks={ticks}
            allowDataOverflow
            tickFormatter={(v: number) => v.toFixed(1)}
            stroke={CHART_THEME.axis}
            label={{
              value: 'raw confidence',
              position: 'insideBottom',
              offset: -12,
              fill: CHART_THEME.axis,
            }}
          />
          <YAxis
            type="number"
            domain={[lo, 1]}
            ticks={ticks}
            allowDataOverflow
            tickFormatter={(v: number) => v.toFixed(1)}
            stroke={CHART_THEME.axis}
            width={48}
            label={{
              value: 'calibrated',
              angle: -90,
              position: 'insideLeft',
              fill: CHART_THEME.axis,
            }}
          />
          <ReferenceLine
            segment={[
              { x: lo, y: lo },
              { x: 1, y: 1 },
            ]}
            stroke={CHART_THEME.axis}
            strokeDasharray="4 4"
          />
          <Tooltip
            contentStyle={{
              background: CHART_THEME.tooltipBackground,
              border: `1px solid ${CHART_THEME.tooltipBorder}`,
            }}
            labelStyle={{ color: CHART_THEME.text }}
            labelFormatter={(v) => `raw ${Number(v).toFixed(4)}`}
            formatter={(v) => [Number(v).toFixed(4), 'calibrated']}
          />
          <Line
            dataKey="y"
            type="linear"
            stroke={CHART_THEME.palette[1]}
            dot={data.length <= 40}
            isAnimationActive={false}
            name="map"
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
