import { isRolloutStage } from '@/lib/domain/rollout';
import { NO_SKILL_RULE, planSloOutcome, type RuleEvaluation } from '@/lib/domain/slo/triggers';
import { appendAudit } from './audit';
import { db } from './client';

const ACTOR = 'slo-guard';

/**
 * Records one evaluation of the trigger rules, in one transaction under the rollout row's lock
 * (so two evaluators racing, say across a leader handover, or an operator's concurrent change,
 * queue rather than act twice): open breach episodes of rules that recovered are ended, each
 * new breach gets its row (its action, or `none`), and when a trigger fires the stage moves
 * like an operator's change, audited, and a critical breach in a live stage pauses live
 * decisions until acknowledged. The rollout row must exist (readRollout creates it).
 */
export async function recordSloEvaluation(input: {
  evaluations: readonly RuleEvaluation[];
  now: Date;
}) {
  const { evaluations, now } = input;
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ stage: string }[]>`
      SELECT stage FROM rollout_state WHERE id = 1 FOR UPDATE`;
    if (!locked || !isRolloutStage(locked.stage))
      throw new Error(`rollout_state holds no valid stage: ${JSON.stringify(locked)}`);
    const stage = locked.stage;
    const open = await tx.breach.findMany({
      where: { endedAt: null },
      select: { rule: true },
      distinct: ['rule'],
    });
    // An admin's promotion past the no-skill gate holds until the stage next changes.
    const [last] = await tx.$queryRaw<{ skillOverride: boolean }[]>`
      SELECT skill_override AS "skillOverride" FROM rollout_changes ORDER BY id DESC LIMIT 1`;
    const overridden = new Set<string>(last?.skillOverride ? [NO_SKILL_RULE] : []);
    const plan = planSloOutcome(stage, evaluations, new Set(open.map((b) => b.rule)), overridden);
    if (plan.recovered.length > 0) {
      await tx.breach.updateMany({
        where: { endedAt: null, rule: { in: plan.recovered } },
        data: { endedAt: now },
      });
    }
    const { decision } = plan;
    const reason = decision?.rules.map((r) => r.reason).join('; ') ?? '';
    if (decision) {
      await tx.rolloutState.update({
        where: { id: 1 },
        data: { stage: decision.target, updatedBy: ACTOR, reason, updatedAt: now },
      });
      await tx.rolloutChange.create({
        data: { ts: now, from: stage, to: decision.target, actor: ACTOR, reason },
      });
    }
    const breaches = [];
    for (const b of plan.breaches) {
      breaches.push(
        await tx.breach.create({
          data: {
            ts: now,
            rule: b.evaluation.rule.id,
            severity: b.evaluation.rule.severity,
            window: `${b.evaluation.rule.windowMinutes}m`,
            observed: b.evaluation.observed,
            stageBefore: b.stageBefore,
            stageAfter: b.stageAfter,
            action: b.action,
            pausedLive: b.pausedLive,
          },
        }),
      );
    }
    if (decision) {
      await appendAudit(
        {
          action: 'slo.trigger',
          actor: ACTOR,
          details: {
            from: stage,
            to: decision.target,
            critical: decision.critical,
            rules: decision.rules.map((r) => ({
              rule: r.rule.id,
              observed: r.observed,
              reason: r.reason,
            })),
            breachIds: breaches.filter((b) => b.action !== 'none').map((b) => b.id.toString()),
          },
        },
        tx,
      );
      await appendAudit(
        {
          action: 'rollout.change',
          actor: ACTOR,
          details: { from: stage, to: decision.target, reason },
        },
        tx,
      );
    }
    return { stageBefore: stage, decision, breaches, recovered: plan.recovered };
  });
}

/** Acknowledging a breach lifts the pause it set; audited. Returns null for an unknown breach. */
export async function acknowledgeBreach(id: bigint, actor: string) {
  return db().$transaction(async (tx) => {
    const breach = await tx.breach.findUnique({ where: { id } });
    if (!breach) return null;
    if (breach.acknowledgedAt) return breach;
    const updated = await tx.breach.update({
      where: { id },
      data: { acknowledgedAt: new Date(), acknowledgedBy: actor },
    });
    await appendAudit(
      { action: 'slo.acknowledge', actor, details: { breachId: id.toString(), rule: breach.rule } },
      tx,
    );
    return updated;
  });
}
