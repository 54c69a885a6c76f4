import type { ArchiveRow } from '@/lib/db/archives';
import { readChunks } from '@/lib/db/archives';
import { logger } from '@/lib/logging/logger';
import { HttpError } from './errors';

const log = logger('http');

/** Chunks (about 1 MiB each) read per query while a download streams. */
const CHUNKS_PER_READ = 4;

/**
 * A ready archive's ZIP, streamed from its chunk rows a few at a time, only as fast as the
 * client reads (any process serves it: the bytes are in PostgreSQL). 409 while it is not ready.
 */
export function archiveDownload(archive: ArchiveRow, field = 'id'): Response {
  if (archive.status !== 'ready' || archive.sizeBytes === null)
    throw new HttpError(
      409,
      field,
      archive.status === 'failed'
        ? `archive ${archive.id} failed: ${archive.error ?? 'unknown error'}`
        : `archive ${archive.id} is ${archive.status}, not ready yet`,
    );
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const rows = await readChunks(archive.id, next, CHUNKS_PER_READ);
        if (rows.length === 0) return controller.close();
        for (const row of rows) controller.enqueue(new Uint8Array(row.data));
        next = rows.at(-1)!.seq + 1;
      } catch (error) {
        log.error({ err: error }, `archive ${archive.id}: download stopped`);
        controller.error(error);
      }
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/zip',
      'content-length': archive.sizeBytes.toString(),
      'content-disposition': `attachment; filename="${archive.fileName}"`,
      ...(archive.sha256 ? { 'x-archive-sha256': archive.sha256 } : {}),
    },
  });
}
