import { weeklyReportEndpoints as weekly } from '@/lib/contracts/weeklyReport';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { weeklyReports } from '@/lib/queries/weeklyReport';

/** The last 12 complete ISO weeks with their weekly CSV's rows (from the weekly sums). */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(weekly.weeks, await weeklyReports(new Date()));
});
