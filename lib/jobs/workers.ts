import { boss, enqueue, type QueueName } from './queue';
import { calibrate } from './calibrate';
import { evaluateMetrics } from '@/lib/jobs/evaluateMetrics';
import { observeJob } from './observe';
import { populateOutcomes } from './outcomes';

/** Each job does its part, then hands over to the next (outcomes → metrics → calibration). */
const HANDLERS: Record<QueueName, () => Promise<unknown>> = {
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
};

/** Every process works jobs: pg-boss hands each job to exactly one of them. */
export async function startWorkers(): Promise<void> {
  const instance = await boss();
  for (const [queue, handler] of Object.entries(HANDLERS)) {
    await instance.work(queue, { pollingIntervalSeconds: 1 }, async ([job]) =>
      observeJob(queue, job?.id, handler),
    );
  }
}
