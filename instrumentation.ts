// Next.js calls register() once when a server process boots: the automation starts with it, so
// a restart (or a new process) rejoins the loop with no manual step.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.AUTOMATION_AUTOSTART === '0') return;
  const { startAutomationRuntime } = await import('./lib/jobs/runtime');
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
