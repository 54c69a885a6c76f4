import { modelsEndpoints as models } from '@/lib/contracts/models';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { proposeCandidate } from '@/lib/jobs/proposeCandidate';
import { modelView } from '@/lib/queries/models';

/** A window end may be at most this far ahead of the server's clock (clock skew). */
const FUTURE_SLACK_MS = 60_000;

/**
 * An operator fits a candidate now. Inline, not queued: the read is bounded (the window's newest
 * 100 000 pairs through an index) and the fit is a 3×3 Newton, so the answer is the candidate
 * itself (201), or 409 when the window has too few matured pairs. Audited with the reason.
 */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, models.proposeCandidate.body);
  const now = new Date();
  for (const field of ['from', 'to'] as const) {
    const at = body[field];
    if (at && at.getTime() > now.getTime() + FUTURE_SLACK_MS)
      throw new HttpError(400, field, `${field} must not be in the future`);
  }
  const result = await proposeCandidate({
    actor: principal.actor,
    reason: body.reason,
    from: body.from,
    to: body.to,
    now,
    trigger: 'manual',
  });
  if (result.status !== 'created')
    throw result.status === 'no-active-model'
      ? new HttpError(409, 'model', result.message)
      : new HttpError(409, 'pairs', result.message, { n: result.n });
  return reply(models.proposeCandidate, {
    candidate: modelView(result.candidate),
    retired: result.retired,
  });
});
