import { boss, enqueue, JOB_PAYLOADS, QUEUES, type JobPayload, type QueueName } from './queue';
import { calibrate } from './calibrate';
import { evaluateMetrics } from '@/lib/jobs/evaluateMetrics';
import { observeJob } from './observe';
import { populateOutcomes } from './outcomes';
import { runInstrumentBackfill } from './instrumentBackfill';

/** Each job does its part, then hands over to the next (outcomes → metrics → calibration). */
const HANDLERS: { [Q in QueueName]: (payload: JobPayload<Q>) => Promise<unknown> } = {
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
  'instrument-backfill': (payload) => runInstrumentBackfill(payload, new Date()),
};

/** Runs a job of `queue` on its payload, checked against the queue's schema first. */
function runJob<Q extends QueueName>(queue: Q, data: unknown): Promise<unknown> {
  return HANDLERS[queue](JOB_PAYLOADS[queue].parse(data) as JobPayload<Q>);
}

/** Every process works jobs: pg-boss hands each job to exactly one of them. */
export async function startWorkers(): Promise<void> {
  const instance = await boss();
  for (const queue of QUEUES) {
    // One job per fetch (pg-boss's default batch size): the job's own payload is the one run.
    await instance.work(queue, { pollingIntervalSeconds: 1 }, async ([job]) =>
      observeJob(queue, job?.id, () => runJob(queue, job?.data)),
    );
  }
}
