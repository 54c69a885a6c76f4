import { archivesEndpoints as archives } from '@/lib/contracts/archives';
import { findArchive } from '@/lib/db/archives';
import { archiveDownload } from '@/lib/http/archiveDownload';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { parseWith, route } from '@/lib/http/route';

/** The ZIP of a ready archive, streamed with its file name. */
export const GET = route<{ id: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { id } = parseWith(archives.download.params, await context.params);
  const archive = await findArchive(BigInt(id));
  if (!archive) throw notFound('id', `no archive ${id}`);
  return archiveDownload(archive);
});
