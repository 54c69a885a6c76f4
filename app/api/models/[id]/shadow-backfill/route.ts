import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { appendAudit } from '@/lib/db/audit';
import { findActiveModel, findModel } from '@/lib/db/models';
import { shadowCoverage } from '@/lib/db/shadow';
import { HttpError, notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';
import { enqueue } from '@/lib/jobs/queue';
import { latestShadowBackfill, shadowBackfillKey } from '@/lib/jobs/shadowBackfill';

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
  const jobId = await enqueue('shadow-backfill', { candidateId: id, from }, shadowBackfillKey(id));
  await appendAudit({
    action: 'model.shadow_backfill',
    actor: principal.actor,
    details: { candidate: id, from, queued: jobId !== null },
  });
  return reply(shadow.shadowBackfill, { queued: jobId !== null, candidate: id, from });
});

/** The candidate's latest shadow backfill and its progress (what the Models page polls). */
export const GET = route<{ id: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { id } = parseWith(shadow.shadowBackfillStatus.params, await context.params);
  const [model, active, job] = await Promise.all([
    findModel(id),
    findActiveModel(),
    latestShadowBackfill(id),
  ]);
  if (!model) throw notFound('id', `no model version ${id}`);
  const from = job ? new Date(job.data.from) : null;
  const coverage =
    from && active ? await shadowCoverage({ activeId: active.id, candidateId: id, from }) : null;
  const written = (job?.output as { rows?: unknown } | undefined)?.rows;
  return reply(shadow.shadowBackfillStatus, {
    candidate: id,
    job: job && {
      id: job.id,
      state: job.state,
      from: from!,
      createdOn: job.createdOn,
      startedOn: job.startedOn ?? null,
      completedOn: job.completedOn ?? null,
      rows: job.state === 'completed' && typeof written === 'number' ? written : null,
    },
    coverage,
  });
});
