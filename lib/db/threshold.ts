import { db, pool } from './client';
import { appendAudit } from './audit';
import type { Prisma } from './generated/prisma/client';
import {
  asThresholdStep,
  THRESHOLD_STEPS,
  type ThresholdStep,
} from '@/lib/domain/graduatedThreshold';

export interface ThresholdRecord {
  step: ThresholdStep;
  /** When the step began: the evidence for the next one counts from here. */
  since: Date;
  updatedBy: string;
  reason: string;
}

/** Audit actions of the threshold: the leader's step up, and an admin's hand-set step. */
export const THRESHOLD_ACTIONS = { step: 'threshold.step', set: 'threshold.set' } as const;

const record = (row: {
  step: number;
  since: Date;
  updatedBy: string;
  reason: string;
}): ThresholdRecord => ({
  // The CHECK constraint admits only the steps; a row from elsewhere reads as the first one.
  step: asThresholdStep(row.step) ?? THRESHOLD_STEPS[0],
  since: row.since,
  updatedBy: row.updatedBy,
  reason: row.reason,
});

/** The one row; a new database starts at the first step (two first readers insert it once). */
export async function readThreshold(): Promise<ThresholdRecord> {
  let row = await db().thresholdState.findUnique({ where: { id: 1 } });
  if (!row) {
    await db().thresholdState.createMany({
      data: [{ id: 1, step: THRESHOLD_STEPS[0], updatedBy: 'system', reason: 'initial step' }],
      skipDuplicates: true,
    });
    row = await db().thresholdState.findUniqueOrThrow({ where: { id: 1 } });
  }
  return record(row);
}

/**
 * Moves the step from `from` to `to` with its audit entry, in one transaction, only if the
 * step is still `from` (compare-and-set): a leader that crashed after committing, or two
 * leaders evaluating at once, cannot step twice. Returns the new record, or null when the
 * step had already moved.
 */
export async function changeThreshold(input: {
  from: ThresholdStep | null;
  to: ThresholdStep;
  actor: string;
  reason: string;
  action: (typeof THRESHOLD_ACTIONS)[keyof typeof THRESHOLD_ACTIONS];
  details?: Record<string, Prisma.InputJsonValue | null>;
  now?: Date;
}): Promise<{ previous: ThresholdStep; current: ThresholdRecord } | null> {
  const before = await readThreshold(); // the row exists
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ step: number }[]>`
      SELECT step FROM threshold_state WHERE id = 1 FOR UPDATE`;
    const previous = asThresholdStep(row?.step ?? before.step) ?? THRESHOLD_STEPS[0];
    if (input.from !== null && previous !== input.from) return null;
    const since = input.now ?? new Date();
    const updated = await tx.thresholdState.update({
      where: { id: 1 },
      data: { step: input.to, since, updatedBy: input.actor, reason: input.reason },
    });
    await appendAudit(
      {
        action: input.action,
        actor: input.actor,
        details: { from: previous, to: input.to, reason: input.reason, ...input.details },
      },
      tx,
    );
    return { previous, current: record(updated) };
  });
}

export interface ThresholdChange {
  id: bigint;
  ts: Date;
  action: string;
  actor: string;
  from: number | null;
  to: number | null;
  reason: string;
  details: unknown;
}

/** The newest `limit` step changes (the leader's and admins'), newest first, from the audit. */
export async function thresholdHistory(limit = 50): Promise<ThresholdChange[]> {
  const { rows } = await pool().query<{
    id: string;
    ts: Date;
    action: string;
    actor: string;
    details: Record<string, unknown> | null;
  }>(
    `SELECT id::text, ts, action, actor, details FROM audit_log
     WHERE action = ANY($1::text[]) ORDER BY ts DESC, id DESC LIMIT $2`,
    [Object.values(THRESHOLD_ACTIONS), limit],
  );
  const num = (x: unknown) => (typeof x === 'number' ? x : null);
  return rows.map((r) => ({
    id: BigInt(r.id),
    ts: r.ts,
    action: r.action,
    actor: r.actor,
    from: num(r.details?.from),
    to: num(r.details?.to),
    reason: typeof r.details?.reason === 'string' ? r.details.reason : '',
    details: r.details,
  }));
}
