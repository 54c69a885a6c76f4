import type { ChartMarker } from '@/lib/contracts/slo';
import { formatTime } from '@/components/ui/format';

/** What the charts' vertical markers are: stage changes (◆) and breaches (▲), newest first. */
export function ChartMarkerList({ markers }: { markers: readonly ChartMarker[] }) {
  if (markers.length === 0)
    return <p className="muted">No stage changes or breaches in this range.</p>;
  return (
    <details className="panel" data-testid="slo-markers">
      <summary>
        Markers on the charts: {markers.filter((m) => m.kind === 'stage').length} stage changes (◆),{' '}
        {markers.filter((m) => m.kind === 'breach').length} breaches (▲)
      </summary>
      <ul>
        {[...markers].reverse().map((m, i) => (
          <li key={`${m.t}-${i}`}>
            {m.kind === 'breach' ? '▲' : '◆'} {formatTime(m.t)} — {m.label}
          </li>
        ))}
      </ul>
    </details>
  );
}
