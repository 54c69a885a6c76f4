import { startAutomationRuntime } from './runtime';

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
