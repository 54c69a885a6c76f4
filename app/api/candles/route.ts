import { marketEndpoints as market } from '@/lib/contracts/market';
import { listCandles } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { limit, ...range } = searchParams(request, market.candles.query);
  const candles = await listCandles(range, limit);
  return reply(market.candles, { symbol: range.symbol, tf: range.tf, candles });
});
