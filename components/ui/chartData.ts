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
