import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { appendAudit } from '@/lib/db/audit';
import { findModel } from '@/lib/db/models';
import { HttpError, notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';
import { enqueue } from '@/lib/jobs/queue';

/** Queues the candidate's shadow backfill from `from` on (one job per candidate at a time). */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { id } = parseWith(shadow.shadowBackfill.params, await context.params);
  const body = await readJson(request, shadow.shadowBackfill.body);
  const model = await findModel(id);
  if (!model) throw notFound('id', `no model version ${id}`);
  if (model.status !== 'candidate')
    throw new HttpError(409, 'id', `${id} is ${model.status}, not a candidate`);
  const from = body.from.toISOString();
  const jobId = await enqueue(
    'shadow-backfill',
    { candidateId: id, from },
    `shadow-backfill:${id}`,
  );
  await appendAudit({
    action: 'model.shadow_backfill',
    actor: principal.actor,
    details: { candidate: id, from, queued: jobId !== null },
  });
  return reply(shadow.shadowBackfill, { queued: jobId !== null, candidate: id, from });
});
