import type { DriftFeatureItem } from '@/lib/contracts/drift';
import { Badge } from '@/components/slo/GateBadge';
import { formatNumber, formatPercent } from '@/components/ui/format';
import { DriftHistogram } from './DriftHistogram';
import { FEATURE_LABELS, STATUS_LABEL, STATUS_TONE } from './driftFormat';
import { SideScroll } from '@/components/ui/SideScroll';

/** One feature of a series: its status and why, the reference quartiles and fences, the chart. */
export function DriftFeatureView({ item, testId }: { item: DriftFeatureItem; testId: string }) {
  const { reference: ref, recent } = item;
  // MACD-hist of a low-priced series is small: more decimals where the spread is below one.
  const digits = ref.iqr !== null && ref.iqr < 1 ? 4 : 2;
  const n = (v: number | null) => formatNumber(v, digits);
  const inside =
    recent.medianInsideIqr === null ? '—' : recent.medianInsideIqr ? 'inside' : 'outside';
  return (
    <section
      aria-label={FEATURE_LABELS[item.feature]}
      data-testid={testId}
      style={{ marginTop: '1.25rem' }}
    >
      <div className="row" style={{ alignItems: 'center', gap: '0.5rem' }}>
        <strong>{FEATURE_LABELS[item.feature]}</strong>
        <Badge tone={STATUS_TONE[item.status]} testId={`${testId}-status`}>
          {STATUS_LABEL[item.status]}
        </Badge>
        <span className="muted">{item.reason}</span>
      </div>
      <SideScroll label={`${FEATURE_LABELS[item.feature]} figures`}>
        <table aria-label={`${FEATURE_LABELS[item.feature]} figures`}>
          <thead>
            <tr>
              <th>window</th>
              <th>values</th>
              <th>Q1</th>
              <th>median</th>
              <th>Q3</th>
              <th>IQR</th>
              <th>fences</th>
              <th>outside fences</th>
              <th>median in [Q1, Q3]</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>reference</td>
              <td>{ref.n}</td>
              <td>{n(ref.q1)}</td>
              <td>{n(ref.median)}</td>
              <td>{n(ref.q3)}</td>
              <td>{n(ref.iqr)}</td>
              <td style={{ whiteSpace: 'nowrap' }}>
                [{n(ref.lowerFence)}, {n(ref.upperFence)}]
              </td>
              <td className="muted">—</td>
              <td className="muted">—</td>
            </tr>
            <tr>
              <td>last 7 days</td>
              <td>{recent.n}</td>
              <td className="muted">—</td>
              <td>{n(recent.median)}</td>
              <td className="muted">—</td>
              <td className="muted">—</td>
              <td className="muted">—</td>
              <td style={{ whiteSpace: 'nowrap' }}>
                {recent.outside} ({formatPercent(recent.outsideShare)})
              </td>
              <td>{inside}</td>
            </tr>
          </tbody>
        </table>
      </SideScroll>
      {item.histogram.length > 0 ? (
        <DriftHistogram
          histogram={item.histogram}
          reference={ref.n}
          recent={recent.n}
          digits={digits}
          testId={`${testId}-histogram`}
        />
      ) : (
        <p className="muted">No values in either window.</p>
      )}
    </section>
  );
}
