'use client';

import { useState } from 'react';
import type { GateState } from '@/lib/domain/guardrails';
import { SLO_RANGES, type SloRange, type SloTimechart as Timechart } from '@/lib/contracts/slo';
import { useSloStatus, useSloTimechart } from '@/lib/hooks/useSlo';
import { QueryState } from '@/components/ui/QueryState';
import { TimeSeriesChart, type ChartMarker } from '@/components/ui/TimeSeriesChart';
import { ChartMarkerList } from './ChartMarkerList';
import { formatMs, formatPercent, formatSeconds } from '@/components/ui/format';
import { GateBadge } from './GateBadge';

type Key = 'p95' | 'staleness' | 'err';

interface ChartSpec {
  key: Key;
  title: string;
  unit: string;
  /** Decimals of the tooltip's values. */
  digits: number;
  /** Band edges in the chart's unit. */
  warn: number;
  fail: number;
  gate: GateState;
  current: string;
}

type Point = { t: string } & Record<Key, number | null>;

function MetricChart({
  spec,
  data,
  markers,
}: {
  spec: ChartSpec;
  data: Point[];
  markers: readonly ChartMarker[];
}) {
  return (
    <figure
      className="panel"
      style={{ margin: '0 0 1rem' }}
      aria-label={spec.title}
      data-testid={`slo-chart-${spec.key}`}
    >
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <figcaption>
          <strong>{spec.title}</strong>{' '}
          <span className="muted">
            (warn above {spec.warn} {spec.unit}, fail above {spec.fail} {spec.unit})
          </span>
        </figcaption>
        <span>
          <span className="muted">now {spec.current} </span>
          <GateBadge state={spec.gate} testId={`slo-gate-${spec.key}`} />
        </span>
      </div>
      <TimeSeriesChart
        data={data}
        series={[{ key: spec.key, name: spec.title }]}
        unit={spec.unit}
        digits={spec.digits}
        baseline="zero"
        markers={markers}
        thresholds={[
          { value: spec.warn, label: 'warn', dashed: true },
          { value: spec.fail, label: 'fail' },
        ]}
      />
    </figure>
  );
}

/** The points in each chart's unit: the error rate as a percentage. */
const chartPoints = (chart: Timechart): Point[] =>
  chart.points.map((p) => ({
    t: p.t,
    p95: p.p95,
    staleness: p.maxStaleness,
    err: p.errRate === null ? null : p.errRate * 100,
  }));

/** p95 latency, staleness and error rate over 7 / 30 / 90 days, each with its gate's state. */
export function SloTimechart() {
  const [range, setRange] = useState<SloRange>('7d');
  const chart = useSloTimechart(range);
  const status = useSloStatus();
  const gates = status.data?.gates;
  const bands = chart.data?.bands;
  const data = chart.data ? chartPoints(chart.data) : [];
  const empty = data.every((p) => p.p95 === null && p.err === null && p.staleness === null);
  const requests = chart.data?.points.reduce((n, p) => n + p.count, 0) ?? 0;
  const markers: ChartMarker[] = (chart.data?.markers ?? []).map((m) => ({
    t: m.t,
    label: m.label,
    tone: m.kind === 'breach' ? 'danger' : 'info',
  }));

  const specs: ChartSpec[] = bands
    ? [
        {
          key: 'p95',
          title: 'p95 latency',
          unit: 'ms',
          digits: 0,
          warn: bands.p95.pass,
          fail: bands.p95.warn,
          gate: gates?.gates.p95 ?? 'n/a',
          current: formatMs(gates?.p95 ?? null),
        },
        {
          key: 'staleness',
          title: 'Data staleness',
          unit: 's',
          digits: 0,
          warn: bands.staleness.pass,
          fail: bands.staleness.warn,
          gate: gates?.gates.staleness ?? 'n/a',
          current: formatSeconds(gates?.staleness ?? null),
        },
        {
          key: 'err',
          title: 'Error rate',
          unit: '%',
          digits: 3,
          warn: bands.err.pass * 100,
          fail: bands.err.warn * 100,
          gate: gates?.gates.err ?? 'n/a',
          current: formatPercent(gates?.err ?? null),
        },
      ]
    : [];

  return (
    <section aria-label="SLO timechart">
      <div className="row" style={{ alignItems: 'center', marginBottom: '1rem' }}>
        <span className="muted">Range</span>
        <div role="group" aria-label="Range" className="row" style={{ gap: '0.5rem' }}>
          {SLO_RANGES.map((r) => (
            <button
              key={r}
              type="button"
              className={r === range ? undefined : 'secondary'}
              aria-pressed={r === range}
              onClick={() => setRange(r)}
            >
              {r}
            </button>
          ))}
        </div>
        {chart.data && (
          <span className="muted">
            {chart.data.stepHours} h steps · {new Date(chart.data.from).toLocaleDateString()} –{' '}
            {new Date(chart.data.to).toLocaleDateString()}
          </span>
        )}
        {status.error && (
          <span className="error">Gate states unavailable: {status.error.message}</span>
        )}
      </div>
      <QueryState isPending={chart.isPending} error={chart.error}>
        {empty && (
          <p className="muted" data-testid="slo-empty">
            No score traffic or feed readings in the last {range}: the charts show only the
            thresholds.
          </p>
        )}
        {!empty && (
          <p className="muted" data-testid="slo-traffic">
            {requests.toLocaleString()} score requests in the last {range}
          </p>
        )}
        {specs.map((spec) => (
          <MetricChart key={spec.key} spec={spec} data={data} markers={markers} />
        ))}
        <ChartMarkerList markers={chart.data?.markers ?? []} />
      </QueryState>
    </section>
  );
}
