'use client';

import type { Comparison } from '@/lib/contracts/shadow';
import { useModelComparison } from '@/lib/hooks/useShadow';
import { DataTable, type Column } from '@/components/ui/DataTable';
import { QueryState } from '@/components/ui/QueryState';
import { formatNumber, formatPercent } from '@/components/ui/format';

type Horizon = Comparison['horizons'][number];
type Figure = Horizon['active']['hitRate'];
type Metric = 'hitRate' | 'ir' | 'brier' | 'ece';

interface Row {
  key: string;
  horizon: string;
  n: number;
  metric: Metric;
  active: Figure;
  candidate: Figure;
  difference: Figure;
  decisions: [number, number];
}

const METRICS: { key: Metric; label: string; show: (v: number | null) => string }[] = [
  { key: 'hitRate', label: 'Hit rate', show: formatPercent },
  { key: 'ir', label: 'IR', show: (v) => formatNumber(v) },
  { key: 'brier', label: 'Brier', show: (v) => formatNumber(v, 4) },
  { key: 'ece', label: 'ECE', show: (v) => formatNumber(v, 4) },
];
const showOf = (m: Metric) => METRICS.find((x) => x.key === m)!.show;

function FigureCell({ figure, metric }: { figure: Figure; metric: Metric }) {
  const show = showOf(metric);
  return (
    <>
      {show(figure.value)}
      <br />
      <span className="muted">
        {figure.interval
          ? `95 %: ${show(figure.interval.low)} … ${show(figure.interval.high)}`
          : 'no interval'}
      </span>
    </>
  );
}

const weights = (w: { rsi: number; macd: number; trend: number }) =>
  `rsi ${formatNumber(w.rsi, 3)} · macd ${formatNumber(w.macd, 3)} · trend ${formatNumber(w.trend, 3)}`;

const COLUMNS: Column<Row>[] = [
  { key: 'horizon', header: 'Horizon', cell: (r) => r.horizon, rowHeader: true, nowrap: true },
  {
    key: 'metric',
    header: 'Figure',
    cell: (r) => METRICS.find((m) => m.key === r.metric)!.label,
  },
  {
    key: 'active',
    header: 'Active',
    cell: (r) => <FigureCell figure={r.active} metric={r.metric} />,
  },
  {
    key: 'candidate',
    header: 'Candidate',
    cell: (r) => <FigureCell figure={r.candidate} metric={r.metric} />,
  },
  {
    key: 'difference',
    header: 'Candidate − active',
    cell: (r) => <FigureCell figure={r.difference} metric={r.metric} />,
  },
  {
    key: 'n',
    header: 'n (decisions active / candidate)',
    cell: (r) =>
      r.metric === 'hitRate' || r.metric === 'ir'
        ? `${r.n} (${r.decisions[0]} / ${r.decisions[1]})`
        : String(r.n),
    nowrap: true,
  },
];

const rowsOf = (horizons: readonly Horizon[]): Row[] =>
  horizons.flatMap((h) =>
    METRICS.map(({ key }) => ({
      key: `${h.horizon}:${key}`,
      horizon: h.horizon,
      n: h.n,
      metric: key,
      active: h.active[key],
      candidate: h.candidate[key],
      difference: h.difference[key],
      decisions: [h.active.nDecisions, h.candidate.nDecisions] as [number, number],
    })),
  );

/**
 * Active vs candidate on the same matured outcomes, per horizon: hit rate, IR, Brier and ECE
 * with their 95 % intervals and n, and the difference pair by pair.
 */
export function CandidateComparison({ candidate }: { candidate?: string }) {
  const query = useModelComparison({ candidate });
  const data = query.data;
  return (
    <section
      className="panel"
      aria-labelledby="comparison-title"
      data-testid="candidate-comparison"
    >
      <h2 id="comparison-title">Active vs candidate</h2>
      <QueryState query={query}>
        {data && data.candidate === null ? (
          <p className="muted">
            No candidate model version yet: the weight update proposes one; it is then scored in the
            shadow of {data.active.id}.
          </p>
        ) : data ? (
          <>
            <dl className="row" style={{ flexWrap: 'wrap', gap: '0.5rem 2rem' }}>
              <div>
                <dt className="muted">Active</dt>
                <dd style={{ margin: 0 }}>
                  {data.active.id}: {weights(data.active.weights)}
                </dd>
              </div>
              <div>
                <dt className="muted">Candidate</dt>
                <dd style={{ margin: 0 }} data-testid="candidate-id">
                  {data.candidate!.id}: {weights(data.candidate!.weights)}
                </dd>
              </div>
            </dl>
            <DataTable
              label="Active vs candidate per horizon"
              columns={COLUMNS}
              rows={rowsOf(data.horizons)}
              rowKey={(r) => r.key}
              emptyText="No matured shadow outcomes yet: the candidate's shadow predictions mature like the active model's (or run the shadow backfill)."
            />
            {data.capped.length > 0 && (
              <p className="muted">
                Only the newest shadow predictions of {data.capped.join(', ')} are compared (a
                bounded read): narrow the range for older ones.
              </p>
            )}
            <details>
              <summary className="muted">How these are computed</summary>
              <p className="muted">{data.method}.</p>
              <p className="muted">Candidate confidence: {data.confid}.</p>
            </details>
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
