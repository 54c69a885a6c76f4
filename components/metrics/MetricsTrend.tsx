'use client';

import { TF_FAMILIES, type TfFamily } from '@/lib/domain/timeframes';
import { QUALITY_TARGETS } from '@/lib/domain/quality';
import type { MetricsTrend as Trend } from '@/lib/contracts/modelMetrics';
import { useMetricsTrend } from '@/lib/hooks/useModelMetrics';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { QueryState } from '@/components/ui/QueryState';
import { TimeSeriesChart } from '@/components/ui/TimeSeriesChart';
import { useListParams } from '@/components/ui/useListParams';
import { CHART_THEME } from '@/components/ui/chartTheme';

const SPANS = [
  { value: '1', label: 'each week alone' },
  { value: '4', label: '4 weeks' },
  { value: '13', label: '13 weeks (a quarter)' },
  { value: '52', label: '52 weeks (a year)' },
];

type Point = {
  t: string;
  hit: number | null;
  longHit: number | null;
  ir: number | null;
  longIr: number | null;
};

const percent = (v: number | null) => (v === null ? null : v * 100);
const chartPoints = (trend: Trend): Point[] =>
  trend.points.map((p) => ({
    t: `${p.week}T00:00:00.000Z`,
    hit: percent(p.hitRate),
    longHit: percent(p.longHitRate),
    ir: p.ir,
    longIr: p.longIr,
  }));

const isFamily = (v: string): v is TfFamily => (TF_FAMILIES as readonly string[]).includes(v);

/**
 * Hit rate and IR of one horizon week by week (each point over a trailing span of weeks), with
 * always long over the same decisions and the card's targets drawn in.
 */
export function MetricsTrend({ model, horizons }: { model?: string; horizons: string[] }) {
  const params = useListParams({ trend: '', span: '13', family: '' });
  const horizon = horizons.includes(params.filters.trend) ? params.filters.trend : horizons[0];
  const span = SPANS.some((s) => s.value === params.filters.span) ? params.filters.span : '13';
  const family = isFamily(params.filters.family) ? params.filters.family : undefined;
  const trend = useMetricsTrend(
    { model: model || undefined, horizon: horizon ?? '1d', tfFamily: family, span: Number(span) },
    horizon !== undefined,
  );
  const data = trend.data ? chartPoints(trend.data) : [];
  const first = trend.data?.points[0]?.week;

  return (
    <section className="panel" aria-label="Quality trend">
      <h2 style={{ marginTop: 0 }}>Trend per week</h2>
      <form className="row" aria-label="Trend options" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Trend horizon"
          value={horizon ?? ''}
          options={horizons.map((h) => ({ value: h, label: h }))}
          onChange={(v) => params.setFilter('trend', v)}
        />
        <FilterSelect
          label="Each point over"
          value={span}
          options={SPANS}
          onChange={(v) => params.setFilter('span', v)}
        />
        <FilterSelect
          label="Timeframes"
          value={family ?? ''}
          options={[
            { value: '', label: 'every family' },
            ...TF_FAMILIES.map((f) => ({ value: f, label: f })),
          ]}
          onChange={(v) => params.setFilter('family', v)}
        />
      </form>
      <QueryState
        isPending={horizon !== undefined && trend.isPending}
        error={trend.error}
        isEmpty={horizon === undefined || data.length === 0}
        emptyText="No matured decisions for this horizon yet."
      >
        <p className="muted" style={{ marginTop: 0 }} data-testid="trend-caption">
          {trend.data?.model} at {trend.data?.horizon}: {data.length} weeks from the week of {first}{' '}
          to the week of {trend.data?.latestWeek} (ISO weeks, Mondays, UTC; a decision counts in the
          week of its prediction), each point over{' '}
          {span === '1' ? 'its own week' : `the ${span} weeks ending with it`}.
        </p>
        <figure style={{ margin: '0 0 1rem' }} aria-label="Hit rate per week">
          <figcaption>
            <strong>Hit rate</strong>{' '}
            <span className="muted">(target ≥ {QUALITY_TARGETS.hitRate * 100} %)</span>
          </figcaption>
          <TimeSeriesChart
            testId="trend-hit"
            data={data}
            series={[
              { key: 'hit', name: 'model' },
              { key: 'longHit', name: 'always long', color: CHART_THEME.axis },
            ]}
            unit="%"
            digits={1}
            fixedZone="UTC"
            intraday={false}
            legend
            thresholds={[
              {
                value: QUALITY_TARGETS.hitRate * 100,
                label: 'target',
                dashed: true,
                color: CHART_THEME.palette[2],
              },
            ]}
          />
        </figure>
        <figure style={{ margin: 0 }} aria-label="IR per week">
          <figcaption>
            <strong>IR (annualised)</strong>{' '}
            <span className="muted">(target &gt; {QUALITY_TARGETS.ir.toFixed(1)})</span>
          </figcaption>
          <TimeSeriesChart
            testId="trend-ir"
            data={data}
            series={[
              { key: 'ir', name: 'model' },
              { key: 'longIr', name: 'always long', color: CHART_THEME.axis },
            ]}
            digits={2}
            fixedZone="UTC"
            intraday={false}
            legend
            thresholds={[
              {
                value: QUALITY_TARGETS.ir,
                label: 'target',
                dashed: true,
                color: CHART_THEME.palette[2],
              },
            ]}
          />
        </figure>
      </QueryState>
    </section>
  );
}
