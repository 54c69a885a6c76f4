import { rolloutEndpoints as rollout, type GateSnapshot } from '@/lib/contracts/rollout';
import { liveShare } from '@/lib/domain/rollout';
import { unmetConditions } from '@/lib/domain/rolloutPlan';
import { promotionHold } from '@/lib/domain/slo/eligibility';
import { NO_SKILL_RULE } from '@/lib/domain/slo/triggers';
import { changeRollout, readRollout } from '@/lib/db/rollout';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { stageChangeContext } from '@/lib/queries/sloReport';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const state = await readRollout();
  return reply(rollout.read, { ...state, liveShare: liveShare(state.stage) });
});

/**
 * A stage change: an unacknowledged live pause refuses going live (acknowledge it first); a
 * promotion that eligibility does not allow (a skipped stage, a watch period not met, the
 * no-skill gate's hold) is refused with the unmet conditions, unless an admin forces it. Every
 * change is stored with the gates at the time (the stage timeline).
 */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'operator' });
  const body = await readJson(request, rollout.change.body);
  const force = body.force === true || body.override === true;
  if (force && principal.role !== 'admin') {
    const field = body.force ? 'force' : 'override';
    throw new HttpError(403, field, 'only an admin may force a stage change');
  }
  const pause = liveShare(body.stage) > 0 ? await unacknowledgedPause() : null;
  if (pause) {
    throw new HttpError(
      409,
      'stage',
      `acknowledge breach #${pause.id} (${pause.rule}) before going live again`,
    );
  }
  const context = await stageChangeContext(new Date());
  const current = context.rollout.stage;
  const noSkill = context.evaluations.find((e) => e.rule.id === NO_SKILL_RULE);
  const hold = promotionHold(current, body.stage, noSkill);
  const unmet = unmetConditions({
    current,
    target: body.stage,
    eligibility: context.observedEligibility,
    noSkillHold: hold,
  });
  if (unmet.length > 0 && !force) {
    const message =
      hold && unmet.length === 1
        ? `held at ${current} by ${NO_SKILL_RULE}: ${hold}`
        : `${current} → ${body.stage} is not allowed: ${unmet.join('; ')}`;
    throw new HttpError(
      409,
      'stage',
      `${message}. An admin may force it with "force": true (or "override": true) and a reason`,
      { unmet },
    );
  }
  const gates: GateSnapshot = {
    status: context.gates.status,
    gates: context.gates.gates,
    p95: finite(context.gates.p95),
    err: finite(context.gates.err),
    staleness: finite(context.gates.staleness),
    scoreRate: context.gates.scoreRate,
    eligibility: {
      eligible: context.eligibility.eligible,
      reason: context.eligibility.reason,
    },
    noSkill: noSkill ? `${noSkill.state}: ${noSkill.reason}` : null,
  };
  const { previous, current: after } = await changeRollout({
    stage: body.stage,
    reason: body.reason,
    actor: principal.actor,
    forced: unmet.length > 0 ? { unmet } : undefined,
    gates,
    // As before `force`: an admin's forced promotion also holds the no-skill gate off this stage.
    override:
      force && noSkill
        ? {
            rule: NO_SKILL_RULE,
            state: noSkill.state,
            reason: noSkill.reason,
            observed: noSkill.observed,
          }
        : undefined,
  });
  return reply(rollout.change, {
    previous,
    ...after,
    liveShare: liveShare(after.stage),
    forced: unmet.length > 0,
    unmet,
  });
});

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
