import { boss, enqueue, JOB_PAYLOADS, QUEUES, type JobPayload, type QueueName } from './queue';
import { buildArchive } from './archives';
import { calibrate } from './calibrate';
import { evaluateMetrics } from '@/lib/jobs/evaluateMetrics';
import { observeJob } from './observe';
import { populateOutcomes } from './outcomes';
import { runInstrumentBackfill } from './instrumentBackfill';
import { runSloDailyReport } from './sloDailyReport';
import { proposeCandidate } from './proposeCandidate';
import { deliverWebhook } from './webhooks';
import { runShadowBackfill } from './shadowBackfill';

/** Each job does its part, then hands over to the next (outcomes → metrics → calibration). */
const HANDLERS: {
  [Q in QueueName]: (payload: JobPayload<Q>, job: { retryCount: number }) => Promise<unknown>;
} = {
  'populate-outcomes': async () => {
    const result = await populateOutcomes(new Date());
    await enqueue('evaluate-metrics', {});
    return result;
  },
  'evaluate-metrics': async () => {
    const result = await evaluateMetrics(new Date());
    await enqueue('calibrate', {});
    return result;
  },
  calibrate: async () => ({ runs: await calibrate() }),
  'build-archive': async ({ archiveId }) => buildArchive(BigInt(archiveId)),
  'instrument-backfill': (payload) => runInstrumentBackfill(payload, new Date()),
  'slo-daily-report': ({ day }) => runSloDailyReport(day, new Date()),
  // Not enough pairs is an answer, not a failure: the job's output records it.
  'propose-candidate': async ({ week }) => {
    const result = await proposeCandidate({
      actor: 'weekly-job',
      reason: `weekly weight update, week of ${week}`,
      now: new Date(),
      trigger: 'weekly',
    });
    return result.status === 'created'
      ? {
          status: result.status,
          candidate: result.candidate.id,
          retired: result.retired,
          n: result.fit.n,
        }
      : { status: result.status, message: result.message, n: result.n };
  },
  'deliver-webhook': (payload, job) => deliverWebhook(payload, job.retryCount),
  'shadow-backfill': (payload) => runShadowBackfill(payload, new Date()),
};

/** Runs a job of `queue` on its payload, checked against the queue's schema first. */
function runJob<Q extends QueueName>(
  queue: Q,
  data: unknown,
  retryCount: number,
): Promise<unknown> {
  return HANDLERS[queue](JOB_PAYLOADS[queue].parse(data) as JobPayload<Q>, { retryCount });
}

/** This process works the jobs of `queue` (one job per fetch: its own payload is the one run). */
export async function workQueue(queue: QueueName): Promise<void> {
  const instance = await boss();
  await instance.work(queue, { pollingIntervalSeconds: 1 }, async ([job]) =>
    observeJob(queue, job?.id, () => runJob(queue, job?.data, job?.retryCount ?? 0)),
  );
}

/** Every process works jobs: pg-boss hands each job to exactly one of them. */
export async function startWorkers(): Promise<void> {
  for (const queue of QUEUES) await workQueue(queue);
}
