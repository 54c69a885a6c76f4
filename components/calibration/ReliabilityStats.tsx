import type { CalibrationItem } from '@/lib/contracts/calibration';
import { formatNumber, formatTime } from '@/components/ui/format';

const windowText = (item: CalibrationItem) =>
  item.fromDay === null ? 'all time' : `predictions from ${item.fromDay} (UTC days) on`;

/**
 * ECE and Brier of the diagram, and beside them the yardstick of GET /api/model-metrics for the
 * same model, horizon and window: the Brier skill score against the base-rate forecast and the
 * Brier of the simple baselines.
 */
export function ReliabilityStats({ item }: { item: CalibrationItem }) {
  const y = item.yardstick;
  const outside = item.buckets.filter((b) => b.withinBand === false).length;
  const rows: [string, React.ReactNode, string?][] = [
    ['Pairs', item.n.toLocaleString(), 'matured (prediction, outcome) pairs in the window'],
    ['ECE', formatNumber(item.ece, 4), 'Σ (n_b / n) · |mean confidence − hit rate| over buckets'],
    ['Brier', formatNumber(item.brier, 4), 'mean (confidence − hit)²'],
    ['Buckets outside ±5 %', `${outside} of ${item.buckets.filter((b) => b.n > 0).length}`],
    [
      'Brier skill score',
      formatNumber(y?.brierSkillScore ?? null, 4),
      '1 − Brier / p̄(1 − p̄), against the base-rate forecast; above 0 beats it',
    ],
    [
      'Coin-flip Brier',
      formatNumber(y?.baselines?.coinFlip.brier ?? null, 4),
      'a constant 50 % forecast',
    ],
    [
      'Always-long Brier',
      formatNumber(y?.baselines?.alwaysLong.brier ?? null, 4),
      'the base rate of up moves as a constant forecast',
    ],
  ];
  return (
    <div data-testid={`reliability-stats-${item.horizon}`}>
      <table aria-label={`Calibration figures, ${item.horizon}`}>
        <tbody>
          {rows.map(([label, value, title]) => (
            <tr key={label} title={title}>
              <th scope="row">{label}</th>
              <td data-testid={`stat-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: '0.85rem' }}>
        Window: {windowText(item)}, as of {formatTime(item.asOf)}
        {y ? (
          <>
            {' '}
            (the metrics run of {formatTime(y.computedAt)}: n {y.n.toLocaleString()}, Brier{' '}
            {formatNumber(y.brier, 4)}, calibrated confidence over every timeframe family).
          </>
        ) : (
          <> (no metrics run has measured this horizon yet).</>
        )}
      </p>
    </div>
  );
}
