import { isRolloutStage } from '@/lib/domain/rollout';
import { NO_SKILL_RULE, planSloOutcome, type RuleEvaluation } from '@/lib/domain/slo/triggers';
import { idText } from '@/lib/validations/common';
import { archiveFileName, evidenceWindow, windowMinutes } from '@/lib/domain/archive';
import { archiveVersions, createArchive } from './archives';
import { appendAudit } from './audit';
import { db } from './client';
import type { Breach as BreachRow } from './generated/prisma/client';
import { keysetPage, olderThan } from './keyset';
import { notifyEvent } from '@/lib/jobs/webhooks';

/** A breach row with its observations typed: the trigger rules write only numbers or null. */
export type Breach = Omit<BreachRow, 'observed'> & { observed: Record<string, number | null> };

const typed = (row: BreachRow): Breach => row as Breach;

/** Newest first, paged by id (lib/db/keyset.ts). */
export async function listBreaches(filter: {
  since: Date;
  until?: Date;
  rule?: string;
  window?: string;
  limit: number;
  cursor?: string;
}) {
  const rows = await db().breach.findMany({
    where: {
      ts: { gte: filter.since, lte: filter.until },
      rule: filter.rule,
      window: filter.window,
      id: olderThan(filter.cursor),
    },
    orderBy: { id: 'desc' },
    take: filter.limit + 1,
  });
  return keysetPage(rows.map(typed), filter.limit);
}

/** The critical live breach an operator has not acknowledged yet, if any: live decisions wait. */
export const unacknowledgedPause = async () => {
  const row = await db().breach.findFirst({
    where: { pausedLive: true, acknowledgedAt: null },
    orderBy: { id: 'asc' },
  });
  return row && typed(row);
};

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
  /** Length of an SLO minute (compressed in rehearsals): sizes each evidence bundle's window. */
  minuteMs?: number;
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
    let changeId: bigint | null = null;
    if (decision) {
      await tx.rolloutState.update({
        where: { id: 1 },
        data: { stage: decision.target, updatedBy: ACTOR, reason, updatedAt: now },
      });
      ({ id: changeId } = await tx.rolloutChange.create({
        data: { ts: now, from: stage, to: decision.target, actor: ACTOR, reason },
      }));
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
    // Each breach's evidence bundle (its window ± 1 h), recorded with the breach: the leader's
    // archive sweep queues it once the hour after the breach has passed (lib/jobs/archives.ts).
    const minuteMs = input.minuteMs ?? 60_000;
    const versions = archiveVersions();
    for (const b of breaches) {
      const range = evidenceWindow(b.ts, (windowMinutes(b.window) ?? 0) * minuteMs, 60 * minuteMs);
      await createArchive(
        {
          key: `evidence:${idText(b.id)}`,
          kind: 'evidence',
          ...range,
          fileName: archiveFileName(range, versions).replace(
            /^fusion-ops_/,
            `fusion-ops_breach-${idText(b.id)}_`,
          ),
          versions,
          createdBy: ACTOR,
          breachId: b.id,
        },
        tx,
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
            breachIds: breaches.filter((b) => b.action !== 'none').map((b) => idText(b.id)),
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
    // Webhooks, in this transaction: notified iff the breach and the stage change committed.
    for (const b of breaches) {
      const event = {
        breachId: idText(b.id),
        rule: b.rule,
        severity: b.severity,
        window: b.window,
        observed: b.observed as Record<string, number | null>,
        stageBefore: b.stageBefore,
        stageAfter: b.stageAfter,
        action: b.action,
        pausedLive: b.pausedLive,
      };
      await notifyEvent('breach', event, tx, { occurredAt: now });
      if (b.pausedLive) await notifyEvent('auto_pause', event, tx, { occurredAt: now });
    }
    if (decision) {
      const change = {
        changeId: changeId === null ? null : idText(changeId),
        from: stage,
        to: decision.target,
        actor: ACTOR,
        reason,
        automatic: true,
        critical: decision.critical,
        rules: decision.rules.map((r) => r.rule.id),
        breachIds: breaches.filter((b) => b.action !== 'none').map((b) => idText(b.id)),
      };
      await notifyEvent('rollback', change, tx, { occurredAt: now });
      await notifyEvent('stage_change', change, tx, { occurredAt: now });
    }
    return { stageBefore: stage, decision, breaches, recovered: plan.recovered };
  });
}

/** Acknowledging a breach lifts the pause it set; audited. Returns null for an unknown breach. */
export async function acknowledgeBreach(id: bigint, actor: string): Promise<Breach | null> {
  return db().$transaction(async (tx) => {
    const breach = await tx.breach.findUnique({ where: { id } });
    if (!breach) return null;
    if (breach.acknowledgedAt) return typed(breach);
    const updated = await tx.breach.update({
      where: { id },
      data: { acknowledgedAt: new Date(), acknowledgedBy: actor },
    });
    await appendAudit(
      { action: 'slo.acknowledge', actor, details: { breachId: idText(id), rule: breach.rule } },
      tx,
    );
    return typed(updated);
  });
}

/** Breach episodes recorded and still open, per rule (breach rows are never deleted). */
export async function breachCountsByRule(): Promise<
  { rule: string; total: number; open: number }[]
> {
  const rows = await db().breach.groupBy({ by: ['rule'], _count: { _all: true } });
  const open = await db().breach.groupBy({
    by: ['rule'],
    where: { endedAt: null },
    _count: { _all: true },
  });
  const openByRule = new Map(open.map((r) => [r.rule, r._count._all]));
  return rows.map((r) => ({
    rule: r.rule,
    total: r._count._all,
    open: openByRule.get(r.rule) ?? 0,
  }));
}

/** The newest `limit` breaches in [from, to), oldest first (chart markers; index on ts). */
export const breachesBetween = async (from: Date, to: Date, limit: number) =>
  (
    await db().breach.findMany({
      where: { ts: { gte: from, lt: to } },
      orderBy: { ts: 'desc' },
      take: limit,
      select: { ts: true, rule: true, severity: true, action: true },
    })
  ).reverse();

/** The breaches of [from, to), oldest first, at most `limit`, and how many there were (index on ts). */
export async function breachesOfRange(from: Date, to: Date, limit: number) {
  const where = { ts: { gte: from, lt: to } };
  const [items, count] = await Promise.all([
    db().breach.findMany({
      where,
      orderBy: [{ ts: 'asc' }, { id: 'asc' }],
      take: limit,
      select: {
        ts: true,
        rule: true,
        severity: true,
        window: true,
        action: true,
        stageBefore: true,
        stageAfter: true,
        pausedLive: true,
        endedAt: true,
      },
    }),
    db().breach.count({ where }),
  ]);
  return { items, count };
}
