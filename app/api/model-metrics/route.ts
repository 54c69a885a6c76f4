import { NextResponse } from 'next/server';
import { SKILL_INTERVAL_METHOD } from '@/lib/domain/skill';
import { findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { modelMetrics } from '@/lib/queries/modelMetrics';
import { modelMetricsQuery, type ModelMetricsResponse } from '@/lib/validations/modelMetrics';

/** Hit rate, IR, Brier, ECE per model × horizon × bucket × window, with baselines and skill. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, modelMetricsQuery);
  const items = await modelMetrics(query);
  if (query.model && items.length === 0 && !(await findModel(query.model))) {
    throw notFound('model', `no model version ${JSON.stringify(query.model)}`);
  }
  const body: ModelMetricsResponse = { skillMethod: SKILL_INTERVAL_METHOD, items };
  return NextResponse.json(body, { headers: { 'cache-control': 'no-store' } });
});
