import { modelsEndpoints as models } from '@/lib/contracts/models';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { modelVersions } from '@/lib/queries/models';

/** Every model version: status, weights, posterior sd, thresholds, window, evidence. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(models.list, await modelVersions());
});
