import { reportsEndpoints as reports } from '@/lib/contracts/reports';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route, searchParams } from '@/lib/http/route';
import {
  buildAndStoreSloDailyReport,
  dayProblem,
  sloDailyReportPage,
} from '@/lib/queries/sloDailyReport';

/** Daily SLO reports, newest day first (the list format). */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, reports.sloDailyList.query);
  return reply(
    reports.sloDailyList,
    await sloDailyReportPage({ ...query, cursor: query.cursor ?? undefined }),
  );
});

/** An operator builds (or rebuilds, replacing it) a past day's report now: audited. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const { date } = await readJson(request, reports.sloDailyBuild.body);
  const now = new Date();
  const problem = await dayProblem(date, now);
  if (problem) throw new HttpError(400, 'date', problem);
  return reply(
    reports.sloDailyBuild,
    await buildAndStoreSloDailyReport({
      day: date,
      now,
      createdBy: principal.actor,
      audited: true,
    }),
  );
});
