import { rolloutEndpoints as rollout } from '@/lib/contracts/rollout';
import { liveShare } from '@/lib/domain/rollout';
import { changeRollout, readRollout } from '@/lib/db/rollout';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const state = await readRollout();
  return reply(rollout.read, { ...state, liveShare: liveShare(state.stage) });
});

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, rollout.change.body);
  const pause = liveShare(body.stage) > 0 ? await unacknowledgedPause() : null;
  if (pause) {
    throw new HttpError(
      409,
      'stage',
      `acknowledge breach #${pause.id} (${pause.rule}) before going live again`,
    );
  }
  const { previous, current } = await changeRollout({ ...body, actor: principal.actor });
  return reply(rollout.change, { previous, ...current, liveShare: liveShare(current.stage) });
});
