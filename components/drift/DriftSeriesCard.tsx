import type { DriftSeries } from '@/lib/contracts/drift';
import { formatTime } from '@/components/ui/format';
import { DriftFeatureView } from './DriftFeatureView';

const DAY_MS = 86_400_000;

/** One series: where its windows lie (from its last candle, in its exchange's zone), each feature. */
export function DriftSeriesCard({ series, now }: { series: DriftSeries; now: number }) {
  const id = `drift-${series.symbol}-${series.tf}`;
  const zone = series.exchangeTz;
  const age = Math.floor((now - Date.parse(series.lastCandle)) / DAY_MS);
  return (
    <section className="panel" aria-label={`${series.symbol} ${series.tf}`} data-testid={id}>
      <h2 style={{ marginTop: 0 }}>
        {series.symbol} <span className="muted">{series.tf}</span>
      </h2>
      <p>
        Last candle <strong>{formatTime(series.lastCandle, zone)}</strong>{' '}
        <span className="muted">(exchange zone {zone})</span>
        {age >= 2 && (
          <span className="muted" data-testid={`${id}-ended`}>
            {' '}
            — the series ended {age} days ago; its windows end at its last candle
          </span>
        )}
      </p>
      <p className="muted">
        Last 7 days: after {formatTime(series.recentFrom, zone)} · reference: after{' '}
        {formatTime(series.referenceFrom, zone)} up to the last 7 days
        {series.truncated && ' (cut at its old end to the candle budget)'} · {series.candlesRead}{' '}
        candles read, warm-up included
      </p>
      {series.features.map((feature) => (
        <DriftFeatureView
          key={feature.feature}
          item={feature}
          testId={`${id}-${feature.feature}`}
        />
      ))}
    </section>
  );
}
