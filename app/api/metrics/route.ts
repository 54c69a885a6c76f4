import { liveShare } from '@/lib/domain/rollout';
import { feedStaleness } from '@/lib/db/feeds';
import { jobCounts } from '@/lib/db/jobs';
import { readRollout } from '@/lib/db/rollout';
import { authorize } from '@/lib/http/guard';
import { metrics } from '@/lib/http/prometheus';
import { route } from '@/lib/http/route';
import { automationStatus } from '@/lib/queries/automationStatus';

/** Prometheus exposition; scrapers authenticate with a `read` API token or the internal token. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const m = metrics();
  const [rollout, { automation }, feeds, jobs] = await Promise.all([
    readRollout(),
    automationStatus(),
    feedStaleness(new Date()),
    jobCounts(),
  ]);
  m.rolloutStage.reset();
  m.rolloutStage.set({ stage: rollout.stage }, liveShare(rollout.stage));
  m.automationRunning.set(automation.running ? 1 : 0);
  m.automationLeader.reset();
  if (automation.leader) m.automationLeader.set({ instance: automation.leader.instance }, 1);
  m.staleness.reset();
  for (const feed of feeds) m.staleness.set({ symbol: feed.symbol, tf: feed.tf }, feed.staleness);
  m.queueDepth.reset();
  for (const job of jobs) m.queueDepth.set({ queue: job.name, state: job.state }, job.count);
  return new Response(await m.registry.metrics(), {
    headers: { 'content-type': m.registry.contentType },
  });
});
