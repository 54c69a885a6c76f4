'use client';

import { useState } from 'react';
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
import type { GateState } from '@/lib/domain/guardrails';
import { SLO_RANGES, type SloRange } from '@/lib/contracts/slo';
import { useSloStatus, useSloTimechart } from '@/lib/hooks/useSlo';
import { GateBadge } from '@/components/slo/GateBadge';
import { QueryState } from '@/components/ui/QueryState';
import { formatMs, formatPercent, formatSeconds } from '@/components/slo/sloFormat';

const RED = '#ff6b6b';

interface ChartSpec {
  key: 'p95' | 'staleness' | 'err';
  title: string;
  unit: string;
  /** Band edges in the chart's unit. */
  warn: number;
  fail: number;
  gate: GateState;
  current: string;
}

function MetricChart({ spec, data }: { spec: ChartSpec; data: Record<string, unknown>[] }) {
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
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#2a3642" strokeDasharray="3 3" />
            <XAxis dataKey="label" minTickGap={48} stroke="#8b9bab" />
            <YAxis domain={[0, 'auto']} stroke="#8b9bab" width={64} unit={` ${spec.unit}`} />
            <Tooltip contentStyle={{ background: '#172029', border: '1px solid #2a3642' }} />
            <ReferenceLine
              y={spec.warn}
              stroke={RED}
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{ value: 'warn', fill: RED, position: 'insideTopRight' }}
            />
            <ReferenceLine
              y={spec.fail}
              stroke={RED}
              ifOverflow="extendDomain"
              label={{ value: 'fail', fill: RED, position: 'insideTopRight' }}
            />
            <Line
              type="monotone"
              dataKey={spec.key}
              name={spec.title}
              stroke="#4ea1ff"
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const tickLabel = (iso: string, range: SloRange) =>
  new Date(iso).toLocaleString(
    undefined,
    range === '7d'
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit' },
  );

/** p95 latency, staleness and error rate over 7 / 30 / 90 days, each with its gate's state. */
export function SloTimechart() {
  const [range, setRange] = useState<SloRange>('7d');
  const chart = useSloTimechart(range);
  const status = useSloStatus();
  const gates = status.data?.gates;
  const bands = chart.data?.bands;
  const points = chart.data?.points ?? [];
  const data = points.map((p) => ({
    label: tickLabel(p.t, range),
    requests: p.count,
    p95: p.p95 === null ? null : Math.round(p.p95),
    staleness: p.maxStaleness === null ? null : Math.round(p.maxStaleness),
    err: p.errRate === null ? null : Number((p.errRate * 100).toFixed(3)),
  }));
  const empty = points.every(
    (p) => p.p95 === null && p.errRate === null && p.maxStaleness === null,
  );

  const specs: ChartSpec[] = bands
    ? [
        {
          key: 'p95',
          title: 'p95 latency',
          unit: 'ms',
          warn: bands.p95.pass,
          fail: bands.p95.warn,
          gate: gates?.gates.p95 ?? 'n/a',
          current: formatMs(gates?.p95 ?? null),
        },
        {
          key: 'staleness',
          title: 'Data staleness',
          unit: 's',
          warn: bands.staleness.pass,
          fail: bands.staleness.warn,
          gate: gates?.gates.staleness ?? 'n/a',
          current: formatSeconds(gates?.staleness ?? null),
        },
        {
          key: 'err',
          title: 'Error rate',
          unit: '%',
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
        {specs.map((spec) => (
          <MetricChart key={spec.key} spec={spec} data={data} />
        ))}
      </QueryState>
    </section>
  );
}
