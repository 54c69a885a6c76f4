import type { ModelMetricsItem } from '@/lib/contracts/modelMetrics';
import { formatNumber, formatPercent } from '@/components/ui/format';
import { baselineName, formatIr } from './metricsFormat';

const figures = (b: { hitRate: number | null; ir: number | null; brier: number | null }) =>
  `hit ${formatPercent(b.hitRate)} · IR ${formatIr(b.ir)} · Brier ${formatNumber(b.brier, 3)}`;

/**
 * Every baseline of a metrics row over the model's same decisions, folded: the best ones are
 * already beside the figures, the rest is a click away.
 */
export function BaselinesList({ item }: { item: ModelMetricsItem }) {
  const b = item.baselines;
  if (!b) return <span className="muted">not computed yet (next metrics run)</span>;
  return (
    <details data-testid="baselines" style={{ minWidth: '16rem' }}>
      <summary>all 5 over {b.alwaysLong.n} decisions</summary>
      <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.1rem', fontSize: '0.85em' }}>
        <li>
          {baselineName('alwaysLong')}: {figures(b.alwaysLong)}
        </li>
        <li>
          {baselineName('alwaysShort')}: {figures(b.alwaysShort)}
        </li>
        <li>
          {baselineName('momentum')}: {figures(b.momentum)}{' '}
          <span className="muted">({b.momentum.withDirection} with a direction)</span>
        </li>
        <li>
          {baselineName('coinFlip')}: hit {formatPercent(b.coinFlip.hitRate)}
          {b.coinFlip.interval && (
            <>
              {' '}
              (95 % range {formatPercent(b.coinFlip.interval.low)} …{' '}
              {formatPercent(b.coinFlip.interval.high)})
            </>
          )}{' '}
          · IR {formatIr(b.coinFlip.ir)}
        </li>
        <li>
          {baselineName('previousModel')}:{' '}
          {b.previousModel ? (
            <>
              {b.previousModel.model ?? 'unknown'} {figures(b.previousModel)} over{' '}
              {b.previousModel.n} shared decisions{' '}
              <span className="muted">
                (this model there: hit {formatPercent(b.previousModel.modelHitRate)}, IR{' '}
                {formatIr(b.previousModel.modelIr)})
              </span>
            </>
          ) : (
            <span className="muted">none (no earlier active version)</span>
          )}
        </li>
      </ul>
    </details>
  );
}
