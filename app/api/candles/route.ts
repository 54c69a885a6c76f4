import { NextResponse } from 'next/server';
import { listCandles } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { candleRangeQuery } from '@/lib/validations/market';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { limit, ...range } = searchParams(request, candleRangeQuery);
  const candles = await listCandles(range, limit);
  return NextResponse.json({ symbol: range.symbol, tf: range.tf, candles });
});
