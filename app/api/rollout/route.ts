import { rolloutEndpoints as rollout } from '@/lib/contracts/rollout';
import { liveShare } from '@/lib/domain/rollout';
import { promotionHold } from '@/lib/domain/slo/eligibility';
import { NO_SKILL_RULE } from '@/lib/domain/slo/triggers';
import { changeRollout, readRollout } from '@/lib/db/rollout';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { evaluateSlo } from '@/lib/jobs/sloGuard';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const state = await readRollout();
  return reply(rollout.read, { ...state, liveShare: liveShare(state.stage) });
});

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, rollout.change.body);
  if (body.override && principal.role !== 'admin') {
    throw new HttpError(403, 'override', 'only an admin may override the no-skill gate');
  }
  const pause = liveShare(body.stage) > 0 ? await unacknowledgedPause() : null;
  if (pause) {
    throw new HttpError(
      409,
      'stage',
      `acknowledge breach #${pause.id} (${pause.rule}) before going live again`,
    );
  }
  const noSkill = (await evaluateSlo(new Date())).find((e) => e.rule.id === NO_SKILL_RULE);
  const hold = promotionHold((await readRollout()).stage, body.stage, noSkill);
  if (hold && !body.override) {
    throw new HttpError(
      409,
      'stage',
      `held at preview by ${NO_SKILL_RULE}: ${hold}. An admin may promote anyway with "override": true and a reason`,
    );
  }
  const { previous, current } = await changeRollout({
    stage: body.stage,
    reason: body.reason,
    actor: principal.actor,
    override:
      body.override && noSkill
        ? {
            rule: NO_SKILL_RULE,
            state: noSkill.state,
            reason: noSkill.reason,
            observed: noSkill.observed,
          }
        : undefined,
  });
  return reply(rollout.change, { previous, ...current, liveShare: liveShare(current.stage) });
});
