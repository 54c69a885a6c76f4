'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInExchangeTime } from '@/lib/domain/exchangeTime';

export interface PricePoint {
  ts: string;
  c: number;
  ema_20: number | null;
  ema_50: number | null;
}

export function PriceChart({
  points,
  timeZone,
  intraday,
}: {
  points: PricePoint[];
  timeZone: string;
  intraday: boolean;
}) {
  const data = points.map((p) => ({
    ...p,
    label: formatInExchangeTime(new Date(p.ts), timeZone, intraday),
  }));
  return (
    <div style={{ width: '100%', height: 360 }} data-testid="price-chart">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#2a3642" strokeDasharray="3 3" />
          <XAxis dataKey="label" minTickGap={48} stroke="#8b9bab" />
          <YAxis domain={['auto', 'auto']} stroke="#8b9bab" width={64} />
          <Tooltip contentStyle={{ background: '#172029', border: '1px solid #2a3642' }} />
          <Legend />
          <Line
            type="monotone"
            dataKey="c"
            name="Close"
            stroke="#e6edf3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="ema_20"
            name="EMA 20"
            stroke="#4ea1ff"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            type="monotone"
            dataKey="ema_50"
            name="EMA 50"
            stroke="#f0883e"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
