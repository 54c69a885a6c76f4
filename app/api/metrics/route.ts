import { authorize } from '@/lib/http/guard';
import { exportDeploymentState, metrics } from '@/lib/http/prometheus';
import { route } from '@/lib/http/route';
import { deploymentState } from '@/lib/queries/deploymentState';

/** Prometheus exposition; scrapers authenticate with a `read` API token or the internal token. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  exportDeploymentState(await deploymentState(new Date()));
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType },
  });
});
