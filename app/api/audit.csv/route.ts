import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { auditCsvFileName, auditCsvHeader, auditCsvLine } from '@/lib/domain/auditExport';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { logger } from '@/lib/logging/logger';
import { readAudit } from '@/lib/queries/auditLog';

const log = logger('http');

/** Entries read per query while the CSV streams: one keyset page at a time. */
const PAGE = 500;

/**
 * Every audit entry matching the filter as CSV, newest first, with a header row: the list's
 * query page after page (so the same redaction applies), only as fast as the client reads it;
 * a client that goes away stops the paging.
 */
export const GET = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const filter = searchParams(request, audit.csv.query);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()));
    },
    async pull(controller) {
      if (done) return controller.close();
      try {
        const page = await readAudit({ ...filter, limit: PAGE, cursor }, principal.role);
        if (page.items.length > 0)
          controller.enqueue(encoder.encode(page.items.map(auditCsvLine).join('')));
        if (page.nextCursor === null) done = true;
        else cursor = page.nextCursor.toString();
      } catch (error) {
        log.error({ err: error }, 'audit CSV stopped: a page could not be read');
        controller.error(error);
      }
    },
  });
  const name = auditCsvFileName(filter, new Date());
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    },
  });
});
