'use client';

import { useMemo } from 'react';
import { horizonDays, isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS } from '@/lib/domain/quality';
import { useModelMetrics } from '@/lib/hooks/useModelMetrics';
import { FilterSelect } from '@/components/ui/FilterSelect';
import { formatTime } from '@/components/ui/format';
import { useListParams } from '@/components/ui/useListParams';
import { MetricsTable } from './MetricsTable';
import { MetricsTrend } from './MetricsTrend';
import { bucketLabel, WINDOW_LABELS } from './metricsFormat';

/** "every": no filter on that field (a value of its own, so it can differ from the default). */
const EVERY = 'every';
const BUCKETS = ['all', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0'];
const byHorizon = (a: string, b: string) =>
  (isHorizon(a) ? horizonDays(a) : Infinity) - (isHorizon(b) ? horizonDays(b) : Infinity);

/**
 * The model-quality metrics (the metrics job's latest snapshot) filtered by model, horizon,
 * window and bucket, kept in the URL; all-time over every bucket by default, one row a horizon.
 * Below it, the weekly trend of one horizon.
 */
export function ModelMetricsPanel() {
  const list = useListParams({ model: '', horizon: '', window: 'all', bucket: 'all' });
  const { model, horizon, window, bucket } = list.filters;
  // Every row at once (a few hundred at most: models × horizons × buckets × windows), so the
  // filters' options never shrink to the current choice.
  const metrics = useModelMetrics({});
  const items = metrics.data?.items;

  const models = useMemo(() => [...new Set(items?.map((m) => m.model))].sort(), [items]);
  const horizons = useMemo(
    () =>
      [...new Set(items?.filter((m) => !model || m.model === model).map((m) => m.horizon))].sort(
        byHorizon,
      ),
    [items, model],
  );
  const rows = items?.filter(
    (m) =>
      (!model || m.model === model) &&
      (!horizon || m.horizon === horizon) &&
      (window === EVERY || m.window === window) &&
      (bucket === EVERY || m.bucket === bucket),
  );
  const computedAt = items?.reduce<string | null>(
    (latest, m) => (latest === null || m.computedAt > latest ? m.computedAt : latest),
    null,
  );

  return (
    <>
      <section className="panel" aria-label="Metrics">
        <p className="muted" style={{ marginTop: 0 }}>
          Per model × horizon × confidence bucket × window, over matured predictions with a
          decision. Card targets: hit rate ≥ 60 %, IR &gt; 1.0. Beside each figure, the best
          baseline over the same decisions and the skill (model minus that baseline).
          {computedAt && <> Computed {formatTime(computedAt)}.</>}
        </p>
        <MetricsTable
          rows={rows}
          status={metrics}
          emptyText={
            items?.length === 0
              ? 'No metrics yet: they appear once predictions mature and the metrics job runs.'
              : 'No metrics match the filter.'
          }
          filters={
            <form className="row" aria-label="Filter metrics" onSubmit={(e) => e.preventDefault()}>
              <FilterSelect
                label="Model"
                value={model}
                options={[
                  { value: '', label: 'every model' },
                  ...models.map((m) => ({ value: m, label: m })),
                ]}
                onChange={(v) => list.setFilter('model', v)}
              />
              <FilterSelect
                label="Horizon"
                value={horizon}
                options={[
                  { value: '', label: 'every horizon' },
                  ...horizons.map((h) => ({ value: h, label: h })),
                ]}
                onChange={(v) => list.setFilter('horizon', v)}
              />
              <FilterSelect
                label="Window"
                value={window}
                options={[
                  ...METRIC_WINDOWS.map((w) => ({ value: w.name, label: WINDOW_LABELS[w.name] })),
                  { value: EVERY, label: 'every window' },
                ]}
                onChange={(v) => list.setFilter('window', v)}
              />
              <FilterSelect
                label="Bucket"
                value={bucket}
                options={[
                  ...BUCKETS.map((b) => ({ value: b, label: bucketLabel(b) })),
                  { value: EVERY, label: 'each bucket and all' },
                ]}
                onChange={(v) => list.setFilter('bucket', v)}
              />
            </form>
          }
        />
        {metrics.data && (
          <p className="muted" style={{ marginBottom: 0, fontSize: '0.85em' }}>
            Skill interval: {metrics.data.skillMethod}. Brier skill score: 1 − Brier / (p̄ (1 − p̄))
            against the base-rate forecast.
          </p>
        )}
      </section>
      {items && (
        <MetricsTrend model={model || undefined} horizons={horizon ? [horizon] : horizons} />
      )}
    </>
  );
}
