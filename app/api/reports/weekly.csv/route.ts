import { weeklyReportEndpoints as weekly } from '@/lib/contracts/weeklyReport';
import { isoWeekRange, weeklyCsvFileName } from '@/lib/domain/weeklyReport';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { logger } from '@/lib/logging/logger';
import { resolveWeek, weeklyCsvPieces } from '@/lib/queries/weeklyReport';

const log = logger('http');

/**
 * Every matured prediction of an ISO week (of its candle's ts) as CSV, in (ts, id) order. Not
 * capped: streamed one keyset page at a time, only as fast as the client reads it; a client
 * that goes away stops the paging.
 */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, weekly.csv.query);
  const { week, problem } = await resolveWeek(query.week, new Date());
  if (problem) throw new HttpError(400, 'week', problem);
  const encoder = new TextEncoder();
  const pieces = weeklyCsvPieces(isoWeekRange(week));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.text));
      } catch (error) {
        log.error({ err: error }, 'weekly CSV stopped: a page could not be read');
        controller.error(error);
      }
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename=${weeklyCsvFileName(week)}`,
    },
  });
});
