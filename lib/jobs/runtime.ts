import { instanceId } from '@/lib/runtime/instance';
import { canaryFromEnv } from './canary';
import { LeaderElector } from './leader';
import { stopBoss } from './queue';
import { Scheduler } from './scheduler';
import { startWorkers } from './workers';
import { logger } from '@/lib/logging/logger';

const log = logger('automation');

export interface AutomationRuntime {
  instance: string;
  elector: LeaderElector;
  stop(): Promise<void>;
}

const globalKey = Symbol.for('fusion-ops.automation');
type GlobalWithRuntime = typeof globalThis & { [globalKey]?: AutomationRuntime };

/**
 * Joins this process to the automation: it works queued jobs, and competes for leadership; the
 * leader runs the scheduler. Nothing here is a process-local "already started" flag that could
 * keep the loop stopped: whether cycles run is the desired state in the database.
 */
export async function startAutomationRuntime(): Promise<AutomationRuntime> {
  const holder = globalThis as GlobalWithRuntime;
  if (holder[globalKey]) return holder[globalKey];
  const instance = instanceId();
  const scheduler = new Scheduler(instance);
  // The canary runs on the leader only (one across processes), whether or not the prediction
  // loop runs: it probes scoring, like the SLO guard watches it.
  const canary = canaryFromEnv(instance);
  const elector = new LeaderElector(process.env.DATABASE_URL!, instance, {
    onElected: () => {
      log.info(`automation: ${instance} is the leader`);
      scheduler.start();
      canary?.start();
    },
    onDeposed: () => {
      log.info(`automation: ${instance} is no longer the leader`);
      scheduler.stop();
      canary?.stop();
    },
  });
  await startWorkers();
  elector.start();
  const runtime: AutomationRuntime = {
    instance,
    elector,
    async stop() {
      scheduler.stop();
      canary?.stop();
      await elector.stop();
      await stopBoss();
      delete holder[globalKey];
    },
  };
  holder[globalKey] = runtime;
  return runtime;
}
