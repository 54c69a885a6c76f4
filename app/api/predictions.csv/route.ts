import { predictionsEndpoints as predictions } from '@/lib/contracts/predictions';
import { listPredictions } from '@/lib/db/predictions';
import {
  predictionCsvFileName,
  predictionCsvHeader,
  predictionCsvLine,
} from '@/lib/domain/predictionExport';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { logger } from '@/lib/logging/logger';

const log = logger('http');

/** Rows read per query while the CSV streams: one keyset page at a time. */
const PAGE = 1000;

/**
 * Every prediction matching the filter as CSV, newest first, with a header row. Not capped:
 * streamed page after page through the same keyset query as the list (each page an indexed
 * read of PAGE rows), only as fast as the client reads it, so neither the server nor the
 * database ever holds the whole result; a client that goes away stops the paging.
 */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const filter = searchParams(request, predictions.csv.query);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(predictionCsvHeader()));
    },
    async pull(controller) {
      if (done) return controller.close();
      try {
        const page = await listPredictions({ ...filter, limit: PAGE, cursor });
        if (page.items.length > 0)
          controller.enqueue(encoder.encode(page.items.map(predictionCsvLine).join('')));
        if (page.nextCursor === null) done = true;
        else cursor = page.nextCursor.toString();
      } catch (error) {
        log.error({ err: error }, 'predictions CSV stopped: a page could not be read');
        controller.error(error);
      }
    },
  });
  const name = predictionCsvFileName(filter, new Date());
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    },
  });
});
