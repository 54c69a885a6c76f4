'use client';

import { useState } from 'react';
import type { ResponseOf } from '@/lib/contracts/endpoint';
import type { signalPartsEndpoints } from '@/lib/contracts/signalParts';
import { SIGNAL_PARTS } from '@/lib/domain/signalParts';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { TimeSeriesChart, type TimePoint } from '@/components/ui/TimeSeriesChart';
import { CHART_THEME } from '@/components/ui/chartTheme';

type Trend = ResponseOf<typeof signalPartsEndpoints.get>['trend'];
type Measure = 'winShare' | 'agreement';

const MEASURES: { value: Measure; label: string }[] = [
  { value: 'winShare', label: 'share of wins' },
  { value: 'agreement', label: 'agreement with the decision' },
];

const describeSpan = (trend: Trend) =>
  trend.span === 1
    ? `per UTC ${trend.unit === 'day' ? 'day' : 'ISO week'}`
    : `per ISO week, each point over the trailing ${trend.span} weeks`;

/** Each part's share of the wins (or agreement) over time, in percent, against chance (50 %). */
export function SignalPartsTrend({ trend }: { trend: Trend }) {
  const [measure, setMeasure] = useState<Measure>('winShare');
  const data: TimePoint[] = trend.points.map((p) => ({
    t: p.start,
    ...Object.fromEntries(
      SIGNAL_PARTS.map((part) => {
        const v = p[measure][part];
        return [part, v === null ? null : v * 100];
      }),
    ),
  }));
  return (
    <figure className="panel" style={{ margin: '0 0 1rem' }} aria-label="Signal parts over time">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <figcaption>
          <strong>Over time</strong>{' '}
          <span className="muted">
            ({describeSpan(trend)}; times in UTC; {trend.points.length} points)
          </span>
        </figcaption>
        <div style={{ minWidth: '14rem' }}>
          <FilterSelect
            label="Show"
            value={measure}
            options={MEASURES}
            onChange={(v) => setMeasure(v as Measure)}
          />
        </div>
      </div>
      {data.length === 0 ? (
        <p className="muted">No matured decisions in this window.</p>
      ) : (
        <TimeSeriesChart
          data={data}
          series={SIGNAL_PARTS.map((part) => ({ key: part, name: part }))}
          unit="%"
          digits={1}
          fixedZone="UTC"
          intraday={false}
          baseline="zero"
          legend
          height={280}
          thresholds={[{ value: 50, label: 'chance', dashed: true, color: CHART_THEME.neutral }]}
          testId="signal-trend-chart"
        />
      )}
    </figure>
  );
}
