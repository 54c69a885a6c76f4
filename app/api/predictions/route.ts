import { predictionsEndpoints as predictions } from '@/lib/contracts/predictions';
import { listPredictions } from '@/lib/db/predictions';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

/** Predictions with candle, parts, map and outcome, newest first: the list format plus filters. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, predictions.list.query);
  return reply(predictions.list, await listPredictions(query));
});
