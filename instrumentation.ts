// Next.js calls register() once when a server process boots: the automation starts with it, so
// a restart (or a new process) rejoins the loop with no manual step.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.AUTOMATION_AUTOSTART === '0') return;
  const { joinAutomation } = await import('./lib/jobs/boot');
  await joinAutomation();
}
