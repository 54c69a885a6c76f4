// The loop's chain, Automation → Predictions → Outcomes → Metrics → Calibration: the state of
// each step from what the database says about it. Pure: the read model (lib/queries/chain.ts)
// gathers the facts, these rules judge them, the overview and `diagnose` show the verdict.

export type StepState = 'ok' | 'waiting' | 'stalled' | 'failed';
export type StepKey = 'automation' | 'predictions' | 'outcomes' | 'metrics' | 'calibration';

/** A job queue's facts as a step of the chain sees them (its own jobs and its dead-letter queue). */
export interface QueueFacts {
  /** Jobs waiting to run (created) or waiting for their next attempt (retry). */
  created: number;
  retry: number;
  active: number;
  /** Jobs sitting in the queue's dead-letter queue. */
  dead: number;
  lastCompletedAt: Date | null;
  lastFailedAt: Date | null;
  /** The oldest job waiting to run (created or retry), if any. */
  oldestWaitingAt: Date | null;
}

export interface ChainFacts {
  now: Date;
  automation: {
    desired: 'running' | 'stopped';
    /** A live leader heartbeats. */
    leader: boolean;
    intervalSeconds: number;
    lastCycleAt: Date | null;
    nextCycleAt: Date | null;
  };
  lastCycle: {
    slot: Date;
    finishedAt: Date | null;
    outcome: 'new-predictions' | 'no-new-candle' | 'empty-output' | 'no-series';
    predictions: number;
    scored: number;
    unchanged: number;
    empty: number;
  } | null;
  /** The slot of the newest live cycle that wrote predictions (a new candle). */
  lastNewCandleAt: Date | null;
  outcomes: { pending: number; filled: number; notYetDue: number; unresolvable: number };
  metrics: { rows: number; computedAt: Date | null };
  calibration: {
    groups: number;
    latest: { ranAt: Date; nPairs: number; usedPrev: boolean; status: string } | null;
    checksumFailures: number;
  };
  queues: { outcomes: QueueFacts; metrics: QueueFacts; calibration: QueueFacts };
}

export interface StepVerdict {
  state: StepState;
  /** Why a step is stalled or failed ("queue has 3 dead jobs"); null when ok or waiting. */
  reason: string | null;
  /** What the step waits for next. */
  waitsFor: string;
}

/** A cycle older than this many intervals (and at least 10 minutes) means the loop stalled. */
export const CYCLE_OVERDUE_INTERVALS = 2;
export const CYCLE_OVERDUE_MIN_MS = 10 * 60_000;
/** No new candle for this long: the predictions step stalls (a daily series skips weekends). */
export const NO_NEW_CANDLE_STALL_MS = 4 * 86_400_000;
/** A job waiting longer than this without a worker taking it: the step stalls. */
export const JOB_WAIT_STALL_MS = 10 * 60_000;
/** The go-live card's gate: at most this many jobs in a dead-letter queue. */
export const DLQ_GATE = 2;

const iso = (d: Date) => d.toISOString();

export function automationStep(f: ChainFacts): StepVerdict {
  const a = f.automation;
  if (a.desired === 'stopped') {
    return { state: 'waiting', reason: null, waitsFor: 'an operator to start the automation' };
  }
  if (!a.leader) {
    return {
      state: 'failed',
      reason: 'automation should run but no process leads (no heartbeat in 15 s)',
      waitsFor: 'a process to take the lead',
    };
  }
  const overdueMs = Math.max(
    CYCLE_OVERDUE_INTERVALS * a.intervalSeconds * 1000,
    CYCLE_OVERDUE_MIN_MS,
  );
  if (a.lastCycleAt === null || f.now.getTime() - a.lastCycleAt.getTime() > overdueMs) {
    return {
      state: 'stalled',
      reason: a.lastCycleAt
        ? `no cycle finished since ${iso(a.lastCycleAt)}`
        : 'no cycle has finished yet',
      waitsFor: 'the leader to finish a cycle',
    };
  }
  return {
    state: 'ok',
    reason: null,
    waitsFor: a.nextCycleAt ? `the next cycle at ${iso(a.nextCycleAt)}` : 'the next cycle',
  };
}

export function predictionsStep(f: ChainFacts, upstream: StepVerdict): StepVerdict {
  const c = f.lastCycle;
  if (!c) return { state: 'waiting', reason: null, waitsFor: 'the first live cycle' };
  if (c.outcome === 'empty-output') {
    return {
      state: 'failed',
      reason: 'the last cycle produced no model output for any series',
      waitsFor: 'candles with enough history for the features',
    };
  }
  if (c.outcome === 'no-series') {
    return {
      state: 'failed',
      reason: 'the last cycle found no active symbol with candles',
      waitsFor: 'an active symbol with candles',
    };
  }
  if (c.outcome === 'no-new-candle') {
    const since = f.lastNewCandleAt;
    const stalled =
      upstream.state === 'ok' &&
      (since === null || f.now.getTime() - since.getTime() > NO_NEW_CANDLE_STALL_MS);
    return {
      state: stalled ? 'stalled' : 'waiting',
      reason: stalled
        ? since
          ? `no new candle since ${iso(since)}`
          : 'no live cycle has found a new candle yet'
        : null,
      waitsFor: upstream.state === 'ok' ? 'a new closed candle' : 'the automation',
    };
  }
  return {
    state: 'ok',
    reason: null,
    waitsFor: upstream.state === 'ok' ? 'the next new candle' : 'the automation',
  };
}

/** A job-driven step (outcomes, metrics, calibration): its queue and dead-letter queue decide. */
export function queueStep(q: QueueFacts, now: Date, firstRunWaitsFor: string): StepVerdict {
  if (q.dead > DLQ_GATE) {
    return {
      state: 'failed',
      reason: `queue has ${q.dead} dead jobs (the card allows ${DLQ_GATE})`,
      waitsFor: 'an operator to retry or delete the dead jobs',
    };
  }
  if (q.dead > 0) {
    return {
      state: 'stalled',
      reason: `queue has ${q.dead} dead job${q.dead === 1 ? '' : 's'}`,
      waitsFor: 'an operator to retry or delete the dead jobs',
    };
  }
  if (q.retry > 0) {
    return {
      state: 'stalled',
      reason: `${q.retry} job${q.retry === 1 ? '' : 's'} failed and wait${q.retry === 1 ? 's' : ''} for a retry`,
      waitsFor: 'the retry',
    };
  }
  if (q.oldestWaitingAt && now.getTime() - q.oldestWaitingAt.getTime() > JOB_WAIT_STALL_MS) {
    return {
      state: 'stalled',
      reason: `a job has waited for a worker since ${iso(q.oldestWaitingAt)}`,
      waitsFor: 'a worker',
    };
  }
  if (q.lastFailedAt && (!q.lastCompletedAt || q.lastFailedAt > q.lastCompletedAt)) {
    return {
      state: 'failed',
      reason: `the last job failed at ${iso(q.lastFailedAt)}`,
      waitsFor: 'the next job',
    };
  }
  if (q.active > 0) return { state: 'ok', reason: null, waitsFor: 'the job running now' };
  if (q.created > 0) return { state: 'ok', reason: null, waitsFor: 'a worker (job queued)' };
  if (!q.lastCompletedAt) return { state: 'waiting', reason: null, waitsFor: firstRunWaitsFor };
  return { state: 'ok', reason: null, waitsFor: 'the next job' };
}

export function calibrationStep(f: ChainFacts): StepVerdict {
  if (f.calibration.checksumFailures > 0) {
    return {
      state: 'failed',
      reason: `${f.calibration.checksumFailures} calibration map(s) in use fail their checksum`,
      waitsFor: 'a new fit',
    };
  }
  return queueStep(f.queues.calibration, f.now, 'the metrics job to finish');
}

/** Every step's verdict, in the chain's order. */
export function judgeChain(f: ChainFacts): Record<StepKey, StepVerdict> {
  const automation = automationStep(f);
  return {
    automation,
    predictions: predictionsStep(f, automation),
    outcomes: queueStep(f.queues.outcomes, f.now, 'a cycle with predictions'),
    metrics: queueStep(f.queues.metrics, f.now, 'the outcomes job to finish'),
    calibration: calibrationStep(f),
  };
}

/** The worst state of the chain: failed over stalled over waiting over ok. */
export function worstState(states: readonly StepState[]): StepState {
  const order: StepState[] = ['failed', 'stalled', 'waiting', 'ok'];
  return order.find((s) => states.includes(s)) ?? 'ok';
}
