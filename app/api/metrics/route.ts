import { liveShare } from '@/lib/domain/rollout';
import { pool } from '@/lib/db/client';
import { readRollout } from '@/lib/db/rollout';
import { authorize } from '@/lib/http/guard';
import { metrics } from '@/lib/http/metrics';
import { route } from '@/lib/http/route';
import { automationStatus } from '@/lib/jobs/status';

/** Prometheus exposition; scrapers authenticate with a `read` API token or the internal token. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const m = metrics();
  const [rollout, { automation }, feeds, jobs] = await Promise.all([
    readRollout(),
    automationStatus(),
    pool().query<{ symbol: string; tf: string; s: number }>(
      'SELECT symbol, tf, extract(epoch FROM (now() - last_success_at))::float8 AS s FROM feed_status',
    ),
    pool()
      .query<{ name: string; state: string; n: number }>(
        'SELECT name, state::text, count(*)::int AS n FROM pgboss.job GROUP BY name, state',
      )
      .catch(() => ({ rows: [] as { name: string; state: string; n: number }[] })),
  ]);
  m.rolloutStage.reset();
  m.rolloutStage.set({ stage: rollout.stage }, liveShare(rollout.stage));
  m.automationRunning.set(automation.running ? 1 : 0);
  m.automationLeader.reset();
  if (automation.leader) m.automationLeader.set({ instance: automation.leader.instance }, 1);
  m.staleness.reset();
  for (const feed of feeds.rows) m.staleness.set({ symbol: feed.symbol, tf: feed.tf }, feed.s);
  m.queueDepth.reset();
  for (const job of jobs.rows) m.queueDepth.set({ queue: job.name, state: job.state }, job.n);
  return new Response(await m.registry.metrics(), {
    headers: { 'content-type': m.registry.contentType },
  });
});
