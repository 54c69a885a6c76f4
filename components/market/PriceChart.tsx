'use client';

import type { FeatureRow } from '@/lib/contracts/market';
import { CHART_THEME } from '@/components/ui/chartTheme';
import { TimeSeriesChart } from '@/components/ui/TimeSeriesChart';

const SERIES = [
  { key: 'c', name: 'Close', color: CHART_THEME.text },
  { key: 'ema_20', name: 'EMA 20', color: CHART_THEME.palette[0] },
  { key: 'ema_50', name: 'EMA 50', color: CHART_THEME.palette[1] },
] as const;

/** Close with EMA-20 and EMA-50, in the exchange's time zone (EMAs are gaps while warming up). */
export function PriceChart({
  points,
  timeZone,
  intraday,
}: {
  points: FeatureRow[];
  timeZone: string;
  intraday: boolean;
}) {
  const data = points.map((p) => ({ t: p.ts, c: p.c, ema_20: p.ema_20, ema_50: p.ema_50 }));
  return (
    <TimeSeriesChart
      data={data}
      series={SERIES}
      timeZone={timeZone}
      intraday={intraday}
      legend
      height={360}
      testId="price-chart"
    />
  );
}
