import { maturedTsBounds, weeklyRowsPage, type WeeklyCursor } from '@/lib/db/outcomes';
import { maturedPerWeek } from '@/lib/db/outcomeStats';
import {
  formatIsoWeek,
  isoWeekOf,
  isoWeekRange,
  lastCompleteWeek,
  recentWeeks,
  weeklyCsvHeader,
  weeklyCsvLine,
  weekProblem,
  type IsoWeek,
} from '@/lib/domain/weeklyReport';

// The weekly CSV's read model: which week a request means (and whether it may), the CSV itself
// as a stream of text pieces (the route and the archive builder both stream it), and the recent
// weeks with their row counts for the Reports page.

/** Rows read per query while the CSV streams: one keyset page at a time. */
export const WEEKLY_PAGE_ROWS = 2000;
export const RECENT_WEEKS = 12;

/** The week asked for (default: the last complete one) and why it cannot be served, if so. */
export async function resolveWeek(
  asked: IsoWeek | undefined,
  now: Date,
): Promise<{ week: IsoWeek; problem: string | null }> {
  const week = asked ?? lastCompleteWeek(now);
  const { first } = await maturedTsBounds();
  return { week, problem: weekProblem(week, now, first) };
}

/**
 * The CSV of the matured predictions with ts in [from, to): the header, then one piece per
 * keyset page of `pageRows` rows in (ts, prediction_id) order. Each page is read only when the
 * consumer asks for the next piece, so memory holds one page whatever the week's size.
 */
export async function* weeklyCsvPieces(
  range: { from: Date; to: Date },
  pageRows = WEEKLY_PAGE_ROWS,
): AsyncGenerator<{ text: string; rows: number }> {
  yield { text: weeklyCsvHeader(), rows: 0 };
  let after: WeeklyCursor | null = null;
  for (;;) {
    const page = await weeklyRowsPage(range, after, pageRows);
    if (page.rows.length > 0)
      yield { text: page.rows.map(weeklyCsvLine).join(''), rows: page.rows.length };
    if (!page.next) return;
    after = page.next;
  }
}

/** The last 12 complete weeks (newest first) with their rows, and the first and last weeks. */
export async function weeklyReports(now: Date) {
  const weeks = recentWeeks(now, RECENT_WEEKS).map((week) => ({
    week: formatIsoWeek(week),
    ...isoWeekRange(week),
  }));
  const [counts, bounds] = await Promise.all([
    maturedPerWeek(weeks.at(-1)!.from, weeks[0]!.from),
    maturedTsBounds(),
  ]);
  const name = (d: Date | null) => (d ? formatIsoWeek(isoWeekOf(d)) : null);
  return {
    weeks: weeks.map((w) => ({ ...w, rows: counts.get(w.from.toISOString().slice(0, 10)) ?? 0 })),
    firstWeek: name(bounds.first),
    lastWeek: name(bounds.last),
  };
}
