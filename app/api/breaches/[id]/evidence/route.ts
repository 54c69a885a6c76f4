import { archivesEndpoints as archives } from '@/lib/contracts/archives';
import { findEvidenceArchive } from '@/lib/db/archives';
import { archiveDownload } from '@/lib/http/archiveDownload';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { parseWith, route } from '@/lib/http/route';

/** A breach's evidence bundle (its window ± 1 h), streamed once built. */
export const GET = route<{ id: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { id } = parseWith(archives.evidence.params, await context.params);
  const archive = await findEvidenceArchive(BigInt(id));
  if (!archive) throw notFound('id', `no evidence bundle for breach ${id}`);
  return archiveDownload(archive);
});
