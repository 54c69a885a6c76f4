import { marketEndpoints as market } from '@/lib/contracts/market';
import { FEATURE_SCHEMA_V2 } from '@/lib/domain/featureSchema';
import { withFeatures } from '@/lib/domain/featureRows';
import { candlesUpTo } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { symbol, tf, from, to, limit } = searchParams(request, market.features.query);
  const rows = withFeatures(await candlesUpTo(symbol, tf, to), from).slice(-limit);
  return reply(market.features, { symbol, tf, featureVersion: FEATURE_SCHEMA_V2.version, rows });
});
