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
import { CHART_THEME } from '@/components/ui/chartTheme';
import { formatPercent } from '@/components/ui/format';
import { GROUP_LABELS, type HorizonData } from './paperVsLiveFormat';

/** Hit rate per horizon: paper, live and the replayed history side by side (50 % is chance). */
export function HitRateBars({ horizons }: { horizons: readonly HorizonData[] }) {
  const data = horizons.map((h) => ({
    horizon: h.horizon,
    paper: h.paper.hitRate,
    live: h.live.hitRate,
    history: h.history.hitRate,
  }));
  return (
    <div style={{ width: '100%', height: 220 }} data-testid="paper-vs-live-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={CHART_THEME.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="horizon" stroke={CHART_THEME.axis} />
          <YAxis
            stroke={CHART_THEME.axis}
            width={48}
            domain={[0, 1]}
            tickFormatter={(v: number) => `${Math.round(v * 100)} %`}
          />
          <Tooltip
            cursor={{ fill: CHART_THEME.grid }}
            contentStyle={{
              background: CHART_THEME.tooltipBackground,
              border: `1px solid ${CHART_THEME.tooltipBorder}`,
            }}
            labelStyle={{ color: CHART_THEME.text }}
            labelFormatter={(h) => `horizon ${String(h)}`}
            formatter={(v) => formatPercent(v === null || v === undefined ? null : Number(v))}
          />
          <Legend />
          {(['paper', 'live', 'history'] as const).map((g, i) => (
            <Bar
              key={g}
              dataKey={g}
              name={GROUP_LABELS[g]}
              fill={CHART_THEME.palette[i]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
