import { findActiveModel, findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { metricsTrend } from '@/lib/queries/modelMetrics';
import { modelMetricsEndpoints as modelMetricsApi } from '@/lib/contracts/modelMetrics';
import { reply } from '@/lib/http/reply';

/** Hit rate and IR per ISO week of one model (the active one by default) at one horizon. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, modelMetricsApi.trend.query);
  const model = query.model ? await findModel(query.model) : await findActiveModel();
  if (!model) {
    throw notFound(
      'model',
      query.model ? `no model version ${JSON.stringify(query.model)}` : 'no active model',
    );
  }
  return reply(modelMetricsApi.trend, await metricsTrend({ ...query, model: model.id }));
});
