import { reportsEndpoints as reports } from '@/lib/contracts/reports';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { storedSloDailyReportOf } from '@/lib/queries/sloDailyReport';

/** A day's stored SLO report as JSON; 404 until it is built. */
export const GET = route<{ date: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { date } = parseWith(reports.sloDailyDay.params, await context.params);
  const stored = await storedSloDailyReportOf(date);
  if (!stored) throw notFound('date', `no SLO report of ${date} has been built`);
  return reply(reports.sloDailyDay, stored);
});
