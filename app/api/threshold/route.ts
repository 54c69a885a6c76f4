import { thresholdEndpoints as threshold } from '@/lib/contracts/threshold';
import { asThresholdStep } from '@/lib/domain/graduatedThreshold';
import { changeThreshold, THRESHOLD_ACTIONS } from '@/lib/db/threshold';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { thresholdReport } from '@/lib/queries/threshold';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(threshold.read, await thresholdReport());
});

/** An admin sets the step by hand (up or down), with a reason: audited as `threshold.set`. */
export const PUT = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, threshold.set.body);
  const step = asThresholdStep(body.step);
  if (step === null) throw new HttpError(400, 'step', 'not a step');
  await changeThreshold({
    from: null,
    to: step,
    actor: principal.actor,
    reason: body.reason,
    action: THRESHOLD_ACTIONS.set,
  });
  return reply(threshold.set, await thresholdReport());
});
