import type { RolloutStage } from '@/lib/domain/rollout';
import { applyDeployStage, stageSetting } from '@/lib/db/rollout';
import { startAutomationRuntime } from './runtime';
import { logger } from '@/lib/logging/logger';

const log = logger('rollout');

const RETRY_MS = 5000;

/**
 * Applies FEATURE_ML_SCORING when this deploy changed it (lib/db/rollout.ts applyDeployStage).
 * A value that is not a stage ends the process: a rollback deploy must not start quietly at the
 * old stage. An unreachable database is retried in the background until the stage is applied.
 */
export async function applyDeployedStage(): Promise<void> {
  const raw = process.env.FEATURE_ML_SCORING;
  let setting: RolloutStage | null;
  try {
    setting = stageSetting(raw);
  } catch (error) {
    log.fatal(`rollout: ${(error as Error).message}; refusing to start`);
    process.exit(1);
  }
  const shown = raw === undefined ? '(unset)' : raw;
  const attempt = async (): Promise<boolean> => {
    try {
      const { applied } = await applyDeployStage(setting, raw);
      log.info(
        applied
          ? `rollout: FEATURE_ML_SCORING=${shown} is new at this deploy: stage ${applied.from} → ${applied.to} (actor deploy)`
          : `rollout: FEATURE_ML_SCORING=${shown} applies nothing at this boot: the stored stage stands`,
      );
      return true;
    } catch (error) {
      log.error(
        { err: error },
        `rollout: could not apply FEATURE_ML_SCORING yet (retrying in ${RETRY_MS / 1000} s)`,
      );
      return false;
    }
  };
  if (await attempt()) return;
  const retry = () =>
    setTimeout(() => void attempt().then((done) => done || retry()), RETRY_MS).unref();
  retry();
}

/**
 * Joins this server process to the automation and ends it cleanly on SIGTERM / SIGINT. Lives
 * apart from instrumentation.ts, which Next.js also compiles for the Edge runtime.
 */
export async function joinAutomation(): Promise<void> {
  const runtime = await startAutomationRuntime();
  // The runtime's timers and connections would keep the process alive after Next.js closes its
  // server; stopping it also frees the leader lock at once, for a quick handover.
  const shutdown = () => {
    // Never hang a deploy: whatever the runtime is waiting for, the process ends within 5 s.
    const deadline = new Promise((resolve) => setTimeout(resolve, 5000));
    void Promise.race([runtime.stop().catch(() => {}), deadline]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
