import { db } from './client';
import { appendAudit } from './audit';
import { isRolloutStage, type RolloutStage } from '@/lib/domain/rollout';

export interface RolloutRecord {
  stage: RolloutStage;
  updatedAt: Date;
  updatedBy: string;
  reason: string;
}

/** The initial stage when the database has none yet: FEATURE_ML_SCORING, else preview. */
function initialStage(): RolloutStage {
  const fromEnv = process.env.FEATURE_ML_SCORING;
  if (fromEnv === undefined || fromEnv === '') return 'preview';
  if (!isRolloutStage(fromEnv))
    throw new Error(`FEATURE_ML_SCORING=${fromEnv} is not a rollout stage`);
  return fromEnv;
}

export async function readRollout(): Promise<RolloutRecord> {
  let row = await db().rolloutState.findUnique({ where: { id: 1 } });
  if (!row) {
    // Prisma's upsert is a read then a write, so two first readers (a request and the leader's
    // SLO job, say) could both insert; ON CONFLICT DO NOTHING lets exactly one of them win.
    await db().rolloutState.createMany({
      data: [
        {
          id: 1,
          stage: initialStage(),
          updatedBy: 'system',
          reason: 'initial stage (FEATURE_ML_SCORING)',
        },
      ],
      skipDuplicates: true,
    });
    row = await db().rolloutState.findUniqueOrThrow({ where: { id: 1 } });
  }
  return { ...row, stage: row.stage as RolloutStage };
}

/** Changes the stage and writes its audit entry in one transaction. */
export async function changeRollout(input: {
  stage: RolloutStage;
  actor: string;
  reason: string;
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
    await tx.rolloutChange.create({
      data: { from: previous, to: input.stage, actor: input.actor, reason: input.reason },
    });
    await appendAudit(
      {
        action: 'rollout.change',
        actor: input.actor,
        details: { from: previous, to: input.stage, reason: input.reason },
      },
      tx,
    );
    return { previous, current: { ...row, stage: row.stage as RolloutStage } };
  });
}
