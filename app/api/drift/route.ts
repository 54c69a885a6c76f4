import { driftEndpoints as driftApi } from '@/lib/contracts/drift';
import { findInstrument } from '@/lib/db/candles';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { drift } from '@/lib/queries/drift';

/** RSI-14 and MACD-hist of each series' last 7 days against its reference window. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, driftApi.get.query);
  const value = await drift(query);
  if (query.symbol && value.items.length === 0 && !(await findInstrument(query.symbol))) {
    throw notFound('symbol', `no instrument ${JSON.stringify(query.symbol)}`);
  }
  return reply(driftApi.get, value);
});
