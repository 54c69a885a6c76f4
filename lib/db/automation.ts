import { db, pool, type Queryable } from './client';
import { appendAudit } from './audit';

export type DesiredState = 'running' | 'stopped';

/** How long a leader's heartbeat stays believable: past it, the leader is taken for dead. */
export const LEADER_STALE_MS = 15_000;

function initialRow() {
  return {
    id: 1,
    desired: 'running',
    updatedBy: 'system',
    intervalSeconds: Number(process.env.AUTOMATION_INTERVAL_SECONDS ?? 300),
  };
}

export async function readAutomationState() {
  let row = await db().automationState.findUnique({ where: { id: 1 } });
  if (!row) {
    // Several processes may boot at once: ON CONFLICT DO NOTHING lets the first one create it.
    await db().automationState.createMany({ data: [initialRow()], skipDuplicates: true });
    row = await db().automationState.findUniqueOrThrow({ where: { id: 1 } });
  }
  // Only setDesiredState writes it, with a DesiredState.
  return { ...row, desired: row.desired as DesiredState };
}

/** Start / stop is a desired state in the database, so every process agrees; audited. */
export async function setDesiredState(desired: DesiredState, actor: string) {
  await readAutomationState();
  return db().$transaction(async (tx) => {
    const before = await tx.automationState.findUniqueOrThrow({ where: { id: 1 } });
    const row = await tx.automationState.update({
      where: { id: 1 },
      data: { desired, updatedBy: actor, updatedAt: new Date() },
    });
    await appendAudit(
      {
        action: `automation.${desired === 'running' ? 'start' : 'stop'}`,
        actor,
        details: { from: before.desired, to: desired },
      },
      tx,
    );
    return row;
  });
}

export const readLeader = () => db().automationLeader.findUnique({ where: { id: 1 } });

export async function recordAutomationError(message: string) {
  await readAutomationState();
  await db().automationState.update({
    where: { id: 1 },
    data: { lastError: message.slice(0, 2000), lastErrorAt: new Date() },
  });
}

/**
 * Claims a cycle slot for this instance. Returns false when the slot already finished (a cycle
 * runs once per slot); an unfinished slot (its leader died mid-cycle) is claimed again.
 */
export async function claimCycle(
  slot: Date,
  instance: string,
  backfilled = false,
): Promise<boolean> {
  const rows = await db().$queryRaw<{ slot: Date }[]>`
    INSERT INTO automation_cycles (slot, instance, started_at, backfilled)
    VALUES (${slot}, ${instance}, now(), ${backfilled})
    ON CONFLICT (slot) DO UPDATE SET instance = EXCLUDED.instance, started_at = now()
      WHERE automation_cycles.finished_at IS NULL
    RETURNING slot`;
  return rows.length > 0;
}

/**
 * Marks a live cycle finished with what it found, and counts it. Pass the transaction that
 * wrote the cycle's predictions, so a slot is finished exactly when its predictions are stored.
 * The state row must exist (readAutomationState creates it).
 */
export async function finishCycle(
  input: {
    slot: Date;
    predictions: number;
    scored: number;
    unchanged: number;
    emptySymbols: string[];
  },
  tx: Queryable = pool(),
) {
  const finishedAt = new Date();
  await tx.query(
    `UPDATE automation_cycles
     SET finished_at = $2, predictions = $3, scored = $4, unchanged = $5, empty_symbols = $6,
         error = NULL
     WHERE slot = $1`,
    [input.slot, finishedAt, input.predictions, input.scored, input.unchanged, input.emptySymbols],
  );
  await tx.query(
    `UPDATE automation_state
     SET cycle_count = cycle_count + 1, last_cycle_at = $2, last_cycle_slot = $1, last_error = NULL
     WHERE id = 1`,
    [input.slot, finishedAt],
  );
}

export const failCycle = (slot: Date, error: string) =>
  db().automationCycle.update({ where: { slot }, data: { error: error.slice(0, 2000) } });

/** Slots a dead leader started and never finished, oldest first (live cycles only). */
export const unfinishedCycles = () =>
  db().automationCycle.findMany({
    where: { finishedAt: null, backfilled: false },
    orderBy: { slot: 'asc' },
    select: { slot: true },
  });

export const isCycleFinished = async (slot: Date) =>
  (await db().automationCycle.findUnique({ where: { slot }, select: { finishedAt: true } }))
    ?.finishedAt != null;

export const lastFinishedCycle = () =>
  db().automationCycle.findFirst({
    where: { finishedAt: { not: null }, backfilled: false },
    orderBy: { slot: 'desc' },
  });

/**
 * The slot of the newest finished live cycle that wrote predictions (found a new candle). Walks
 * the slots newest first (primary key); one row per slot, so at most a few hundred a day.
 */
export const lastCycleWithPredictions = async (): Promise<Date | null> =>
  (
    await db().automationCycle.findFirst({
      where: { finishedAt: { not: null }, backfilled: false, predictions: { gt: 0 } },
      orderBy: { slot: 'desc' },
      select: { slot: true },
    })
  )?.slot ?? null;
