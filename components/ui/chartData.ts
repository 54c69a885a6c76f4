// Pure helpers of TimeSeriesChart, apart so they can be tested without a browser.

type Value = number | null | undefined;

const present = (v: Value): v is number => v !== null && v !== undefined && Number.isFinite(v);

/**
 * Indexes of values with no neighbour on either side: a line cannot show them (there is
 * nothing to connect), so the chart marks them with a dot instead of losing them.
 */
export function isolatedPoints(values: readonly Value[]): Set<number> {
  const isolated = new Set<number>();
  values.forEach((v, i) => {
    if (present(v) && !present(values[i - 1]) && !present(values[i + 1])) isolated.add(i);
  });
  return isolated;
}

/** A value as the tooltip shows it: rounded to `digits`, with its unit ("1,234.5 ms"). */
export function formatValue(v: Value, digits: number, unit?: string): string {
  if (!present(v)) return 'no data';
  const text = v.toLocaleString(undefined, { maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** An axis tick: the date, with the hour and minute when points are closer than a day. */
export function formatTick(iso: string, options: { withTime: boolean; timeZone?: string }) {
  return new Date(iso).toLocaleString(undefined, {
    timeZone: options.timeZone,
    ...(options.withTime
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { year: 'numeric', month: 'short', day: 'numeric' }),
  });
}

/** A moment drawn on a time chart as a vertical line (a stage change, a breach). */
export interface ChartMarker {
  /** ISO instant. */
  t: string;
  label: string;
  /** 'danger' (a breach) is drawn in the danger colour; 'info' (a change) in the accent. */
  tone?: 'info' | 'danger';
}

/**
 * Markers placed on a chart whose x axis is its points' `t` (step starts, oldest first): each
 * goes to the step it falls in (the last point at or before it); markers before the first point
 * are dropped. Markers in the same step become one, their labels joined, danger if any is.
 */
export function placeMarkers(
  pointTimes: readonly string[],
  markers: readonly ChartMarker[],
): { x: string; labels: string[]; tone: 'info' | 'danger' }[] {
  const times = pointTimes.map((t) => new Date(t).getTime());
  const placed = new Map<number, { x: string; labels: string[]; tone: 'info' | 'danger' }>();
  for (const marker of markers) {
    const at = new Date(marker.t).getTime();
    // Binary search: the last point at or before the marker.
    let lo = 0;
    let hi = times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) continue;
    const entry = placed.get(found) ?? { x: pointTimes[found]!, labels: [], tone: 'info' };
    entry.labels.push(marker.label);
    if (marker.tone === 'danger') entry.tone = 'danger';
    placed.set(found, entry);
  }
  return [...placed.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
