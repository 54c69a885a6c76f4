import { reportsEndpoints as reports } from '@/lib/contracts/reports';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { sloDailyReportCsvOf } from '@/lib/queries/sloDailyReport';

/** A day's stored SLO report as CSV (the flat layout of lib/domain/sloDailyReport.ts); 404 until built. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { date } = searchParams(request, reports.sloDailyCsv.query);
  const csv = await sloDailyReportCsvOf(date);
  if (csv === null) throw notFound('date', `no SLO report of ${date} has been built`);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="slo-daily_${date}.csv"`,
    },
  });
});
