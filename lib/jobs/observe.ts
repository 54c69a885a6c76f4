import { metrics } from '@/lib/http/prometheus';
import { withLogContext } from '@/lib/logging/context';
import { logger } from '@/lib/logging/logger';
import type { CycleResult } from './cycle';
import { QUEUES } from './queue';

const log = logger('automation');
const jobLog = logger('jobs');

// Every queue has its series from the start, so failures and durations read 0, not "no data".
for (const queue of QUEUES) {
  metrics().jobFailures.inc({ queue }, 0);
  metrics().jobDuration.zero({ queue });
}

// To the millisecond: precise enough for the histograms, and log lines stay short.
const secondsSince = (started: number) => Math.round(performance.now() - started) / 1000;

/**
 * Runs one cycle as the leader observes it: its lines carry the slot (`cycle`), and the cycle's
 * duration, predictions and empty series are counted by this process, the one that ran it.
 */
export function observeCycle(slot: Date, run: () => Promise<CycleResult>): Promise<CycleResult> {
  return withLogContext({ cycle: slot.toISOString() }, async () => {
    const m = metrics();
    const started = performance.now();
    let result: CycleResult;
    try {
      result = await run();
    } catch (error) {
      m.cycleFailures.inc();
      log.error({ err: error, seconds: secondsSince(started) }, 'cycle failed');
      throw error;
    }
    if (!result.ran) {
      log.debug('cycle already finished elsewhere');
      return result;
    }
    const seconds = secondsSince(started);
    m.cycleDuration.observe(seconds);
    m.cyclePredictions.inc(result.predictions);
    m.cycleEmptySeries.inc(result.emptySymbols.length);
    log.info(
      {
        seconds,
        predictions: result.predictions,
        scored: result.scored,
        unchanged: result.unchanged,
        empty: result.emptySymbols.length,
      },
      'cycle finished',
    );
    return result;
  });
}

/**
 * Runs one job as the worker that got it observes it: its lines carry the queue and job id, and
 * its duration and any failed attempt are counted by this process.
 */
export function observeJob<T>(
  queue: string,
  jobId: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  return withLogContext({ job: queue, jobId }, async () => {
    const m = metrics();
    const started = performance.now();
    try {
      const result = await run();
      const seconds = secondsSince(started);
      m.jobDuration.observe({ queue }, seconds);
      jobLog.info({ seconds, result }, 'job finished');
      return result;
    } catch (error) {
      const seconds = secondsSince(started);
      m.jobDuration.observe({ queue }, seconds);
      m.jobFailures.inc({ queue });
      jobLog.error(
        { err: error, seconds },
        'job failed (pg-boss retries it, then dead-letters it)',
      );
      throw error;
    }
  });
}
