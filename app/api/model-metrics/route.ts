import { SKILL_INTERVAL_METHOD } from '@/lib/domain/skill';
import { findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { modelMetrics } from '@/lib/queries/modelMetrics';
import { modelMetricsEndpoints as modelMetricsApi } from '@/lib/contracts/modelMetrics';
import { reply } from '@/lib/http/reply';

/** Hit rate, IR, Brier, ECE per model × horizon × bucket × window, with baselines and skill. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, modelMetricsApi.list.query);
  const items = await modelMetrics(query);
  if (query.model && items.length === 0 && !(await findModel(query.model))) {
    throw notFound('model', `no model version ${JSON.stringify(query.model)}`);
  }
  return reply(modelMetricsApi.list, { skillMethod: SKILL_INTERVAL_METHOD, items });
});
