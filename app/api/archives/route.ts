import { randomUUID } from 'node:crypto';
import { archivesEndpoints as archives } from '@/lib/contracts/archives';
import { createArchiveRequest } from '@/lib/jobs/archives';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route, searchParams } from '@/lib/http/route';
import { rangeProblem } from '@/lib/domain/archive';
import { archivePage, archiveView } from '@/lib/queries/archives';

/** Archives newest first (the list format). */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, archives.list.query);
  return reply(archives.list, await archivePage({ ...query, cursor: query.cursor ?? undefined }));
});

/** An operator queues the archive of [from, to): audited; the build is a job. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, archives.create.body);
  const problem = rangeProblem(body.from, body.to, new Date());
  if (problem) throw new HttpError(400, problem.field, `${problem.field} ${problem.message}`);
  const { archive } = await createArchiveRequest({
    key: `manual:${randomUUID()}`,
    kind: 'manual',
    from: body.from,
    to: body.to,
    createdBy: principal.actor,
  });
  return reply(archives.create, { archive: archiveView(archive) });
});
