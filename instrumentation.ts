// Next.js calls register() once when a server process boots: a deploy that changed
// FEATURE_ML_SCORING applies its stage, and the automation starts with it, so a restart (or a
// new process) rejoins the loop with no manual step.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { applyDeployedStage, joinAutomation } = await import('./lib/jobs/boot');
  await applyDeployedStage();
  if (process.env.AUTOMATION_AUTOSTART === '0') return;
  await joinAutomation();
}
