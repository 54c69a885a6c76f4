import { findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { signalParts } from '@/lib/queries/signalParts';
import { signalPartsEndpoints as signalPartsApi } from '@/lib/contracts/signalParts';

/** Which of rsi / macd / trend carries the wins, per model × horizon × window. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, signalPartsApi.get.query);
  const result = await signalParts({ ...query, now: new Date() });
  if (query.model && result.horizons.length === 0 && !(await findModel(query.model))) {
    throw notFound('model', `no model version ${JSON.stringify(query.model)}`);
  }
  return reply(signalPartsApi.get, result);
});
