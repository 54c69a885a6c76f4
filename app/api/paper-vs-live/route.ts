import { paperVsLiveEndpoints as paperVsLiveApi } from '@/lib/contracts/paperVsLive';
import { findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { paperVsLive } from '@/lib/queries/paperVsLive';

/** Paper (advisory) vs live decisions on matured outcomes, per horizon, over one period. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, paperVsLiveApi.get.query);
  const result = await paperVsLive({ ...query, now: new Date() });
  const nothing = result.horizons.length === 0 && !Object.values(result.extents).some(Boolean);
  if (query.model && nothing && !(await findModel(query.model))) {
    throw notFound('model', `no model version ${JSON.stringify(query.model)}`);
  }
  return reply(paperVsLiveApi.get, result);
});
