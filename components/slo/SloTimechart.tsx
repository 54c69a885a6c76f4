'use client';

import type { GateState } from '@/lib/domain/guardrails';
import {
  SLO_PRESETS,
  SLO_RANGES,
  type SloRange,
  type SloTimechart as Timechart,
} from '@/lib/contracts/slo';
import { useSloStatus, useSloTimechart } from '@/lib/hooks/useSlo';
import { QueryState } from '@/components/ui/QueryState';
import { TimeSeriesChart, type ChartMarker } from '@/components/ui/TimeSeriesChart';
import { formatMs, formatPercent, formatSeconds, formatTime } from '@/components/ui/format';
import { RangePicker } from '@/components/ui/RangePicker';
import { useListParams } from '@/components/ui/useListParams';
import { ChartMarkerList } from './ChartMarkerList';
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
  const { filters, setFilters } = useListParams({ range: '7d', from: '', to: '' });
  const range: SloRange = (SLO_RANGES as readonly string[]).includes(filters.range)
    ? (filters.range as SloRange)
    : '7d';
  const chart = useSloTimechart(range, filters.from || undefined, filters.to || undefined);
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
      <div className="row" style={{ alignItems: 'flex-end', marginBottom: '1rem' }}>
        <RangePicker
          label="Range"
          presets={SLO_PRESETS}
          value={{ period: range, from: filters.from, to: filters.to }}
          onChange={(next) =>
            setFilters({ range: next.period, from: next.from ?? '', to: next.to ?? '' })
          }
        />
        {chart.data && (
          <span className="muted" style={{ marginBottom: '0.75rem' }}>
            {chart.data.stepMinutes < 60
              ? `${chart.data.stepMinutes} min steps`
              : `${chart.data.stepHours} h steps`}{' '}
            · {formatTime(chart.data.from)} – {formatTime(chart.data.to)}
          </span>
        )}
        {status.error && (
          <span className="error">Gate states unavailable: {status.error.message}</span>
        )}
      </div>
      <QueryState query={chart} live>
        {empty && (
          <p className="muted" data-testid="slo-empty">
            No score traffic or feed readings in this range: the charts show only the thresholds.
          </p>
        )}
        {!empty && (
          <p className="muted" data-testid="slo-traffic">
            {requests.toLocaleString()} score requests in this range
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
