import type { Prisma } from './generated/prisma/client';
import { db } from './client';
import { appendAudit } from './audit';
import { keysetPage, olderThan } from './keyset';
import { notifyEvent } from '@/lib/jobs/webhooks';
import {
  deployStageAction,
  isRolloutStage,
  parseStageSetting,
  SETTING_UNSET,
  type RolloutStage,
} from '@/lib/domain/rollout';

export interface RolloutRecord {
  stage: RolloutStage;
  updatedAt: Date;
  updatedBy: string;
  reason: string;
}

/** FEATURE_ML_SCORING, parsed: the stage it names, or null when unset. Throws on a bad value. */
export function stageSetting(value = process.env.FEATURE_ML_SCORING): RolloutStage | null {
  const parsed = parseStageSetting(value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.stage;
}

export async function readRollout(): Promise<RolloutRecord> {
  let row = await db().rolloutState.findUnique({ where: { id: 1 } });
  if (!row) {
    // The initial stage when the database has none yet: FEATURE_ML_SCORING, else preview (and
    // the value is recorded, so this boot does not count as a deploy that changed it).
    // Prisma's upsert is a read then a write, so two first readers (a request and the leader's
    // SLO job, say) could both insert; ON CONFLICT DO NOTHING lets exactly one of them win.
    const setting = stageSetting();
    await db().rolloutState.createMany({
      data: [
        {
          id: 1,
          stage: setting ?? 'preview',
          updatedBy: 'system',
          reason: 'initial stage (FEATURE_ML_SCORING)',
          envStage: setting ?? SETTING_UNSET,
        },
      ],
      skipDuplicates: true,
    });
    row = await db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
  }
  const { envStage: _recorded, ...record } = row;
  return { ...record, stage: row.stage as RolloutStage };
}

const DEPLOY_ACTOR = 'deploy';

/**
 * At boot: a FEATURE_ML_SCORING value that differs from the one recorded at the last boot is a
 * deploy that changes it, and its stage is applied once, audited with actor `deploy` (the
 * go-live card's rollback: set it to 0 and redeploy); the same value leaves the stored stage
 * alone, so an operator's later change survives restarts (rules: deployStageAction).
 * Several processes booting at once apply it once: the row is read under its lock only while
 * it still records another value, so the processes queue on the lock and every one after the
 * first finds the value recorded and does nothing; the UPDATE is conditional on it as well.
 */
export async function applyDeployStage(
  setting: RolloutStage | null,
  raw = process.env.FEATURE_ML_SCORING,
): Promise<{ applied: { from: RolloutStage; to: RolloutStage } | null }> {
  await readRollout(); // a new database starts at the setting, recorded: nothing to apply
  const record = setting ?? SETTING_UNSET;
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ stage: string; envStage: string | null }[]>`
      SELECT stage, env_stage AS "envStage" FROM rollout_state
      WHERE id = 1 AND env_stage IS DISTINCT FROM ${record} FOR UPDATE`;
    if (!row) return { applied: null };
    const current = isRolloutStage(row.stage) ? row.stage : 'off';
    const { apply } = deployStageAction({ setting, lastApplied: row.envStage, current });
    const reason = `FEATURE_ML_SCORING=${raw ?? ''} deployed (was ${row.envStage ?? 'not recorded'})`;
    const updated = await tx.$executeRaw`
      UPDATE rollout_state SET env_stage = ${record},
        stage = ${apply ?? current},
        updated_by = CASE WHEN ${apply !== null} THEN ${DEPLOY_ACTOR} ELSE updated_by END,
        reason = CASE WHEN ${apply !== null} THEN ${reason} ELSE reason END,
        updated_at = CASE WHEN ${apply !== null} THEN now() ELSE updated_at END
      WHERE id = 1 AND env_stage IS DISTINCT FROM ${record}`;
    if (updated !== 1 || apply === null) return { applied: null };
    await tx.rolloutChange.create({
      data: { from: current, to: apply, actor: DEPLOY_ACTOR, reason },
    });
    await appendAudit(
      {
        action: 'rollout.change',
        actor: DEPLOY_ACTOR,
        details: { from: current, to: apply, reason, setting: raw ?? null },
      },
      tx,
    );
    await notifyEvent(
      'stage_change',
      { from: current, to: apply, actor: DEPLOY_ACTOR, reason, automatic: false, forced: false },
      tx,
    );
    return { applied: { from: current, to: apply } };
  });
}

/**
 * Changes the stage and writes its audit entry in one transaction. With `override` (an admin
 * promoting past the no-skill gate) the change is marked, so the gate does not step this stage
 * down, and a `rollout.override` entry records the gate's state and figures at that moment.
 */
export async function changeRollout(input: {
  stage: RolloutStage;
  actor: string;
  reason: string;
  override?: {
    rule: string;
    state: string;
    reason: string;
    observed: Record<string, number | null>;
  };
  /** An admin forced it past these unmet conditions (audited as `rollout.forced`). */
  forced?: { unmet: string[] };
  /** The gates and eligibility at the time, stored with the change for the stage timeline. */
  gates?: Prisma.InputJsonValue;
}): Promise<{ previous: RolloutStage; current: RolloutRecord }> {
  const previous = (await readRollout()).stage;
  return db().$transaction(async (tx) => {
    const row = await tx.rolloutState.update({
      where: { id: 1 },
      data: {
        stage: input.stage,
        updatedBy: input.actor,
        reason: input.reason,
        updatedAt: new Date(),
      },
    });
    const change = await tx.rolloutChange.create({
      data: {
        from: previous,
        to: input.stage,
        actor: input.actor,
        reason: input.reason,
        skillOverride: input.override !== undefined,
        forced: input.forced !== undefined,
        unmet: input.forced?.unmet ?? [],
        gates: input.gates,
      },
    });
    if (input.forced) {
      await appendAudit(
        {
          action: 'rollout.forced',
          actor: input.actor,
          details: {
            from: previous,
            to: input.stage,
            reason: input.reason,
            unmet: input.forced.unmet,
            gates: input.gates ?? null,
          },
        },
        tx,
      );
    }
    if (input.override) {
      await appendAudit(
        {
          action: 'rollout.override',
          actor: input.actor,
          details: { from: previous, to: input.stage, reason: input.reason, gate: input.override },
        },
        tx,
      );
    }
    await appendAudit(
      {
        action: 'rollout.change',
        actor: input.actor,
        details: {
          from: previous,
          to: input.stage,
          reason: input.reason,
          ...(input.forced ? { forced: true, unmet: input.forced.unmet } : {}),
        },
      },
      tx,
    );
    await notifyEvent(
      'stage_change',
      {
        changeId: change.id.toString(),
        from: previous,
        to: input.stage,
        actor: input.actor,
        reason: input.reason,
        automatic: false,
        forced: input.forced !== undefined,
        unmet: input.forced?.unmet ?? [],
      },
      tx,
      { occurredAt: change.ts },
    );
    return { previous, current: { ...row, stage: row.stage as RolloutStage } };
  });
}

/** The stage changes since `since`, oldest first, and the last before: the stage history. */
export const rolloutChangesSince = (since: Date) =>
  db().rolloutChange.findMany({ where: { ts: { gte: since } }, orderBy: { id: 'asc' } });

export const lastRolloutChangeBefore = (before: Date) =>
  db().rolloutChange.findFirst({ where: { ts: { lt: before } }, orderBy: { id: 'desc' } });

/** The stage timeline, newest first (the list format); `since` on the change's time. */
export async function listRolloutChanges(filter: { since?: Date; limit: number; cursor?: string }) {
  const rows = await db().rolloutChange.findMany({
    where: { ts: filter.since ? { gte: filter.since } : undefined, id: olderThan(filter.cursor) },
    orderBy: { id: 'desc' },
    take: filter.limit + 1,
  });
  return keysetPage(rows, filter.limit);
}

/** The newest `limit` stage changes in [from, to), oldest first (chart markers; index on ts). */
export const rolloutChangesBetween = async (from: Date, to: Date, limit: number) =>
  (
    await db().rolloutChange.findMany({
      where: { ts: { gte: from, lt: to } },
      orderBy: { ts: 'desc' },
      take: limit,
    })
  ).reverse();

const STAGE_CHANGE_FIELDS = {
  ts: true,
  from: true,
  to: true,
  actor: true,
  reason: true,
  forced: true,
} as const;

/**
 * The stage changes of [from, to), oldest first (at most `limit`), how many there were, and the
 * last change before `from` by time: the stage history of a day (index on ts).
 */
export async function stageChangesOfRange(from: Date, to: Date, limit: number) {
  const where = { ts: { gte: from, lt: to } };
  const [items, count, before] = await Promise.all([
    db().rolloutChange.findMany({
      where,
      orderBy: [{ ts: 'asc' }, { id: 'asc' }],
      take: limit,
      select: STAGE_CHANGE_FIELDS,
    }),
    db().rolloutChange.count({ where }),
    db().rolloutChange.findFirst({
      where: { ts: { lt: from } },
      orderBy: [{ ts: 'desc' }, { id: 'desc' }],
      select: STAGE_CHANGE_FIELDS,
    }),
  ]);
  return { items, count, before };
}
