import { NextResponse } from 'next/server';
import { FEATURE_SCHEMA_V2 } from '@/lib/domain/featureSchema';
import { withFeatures } from '@/lib/domain/featureRows';
import { candlesUpTo } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { candleRangeQuery } from '@/lib/validations/market';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { symbol, tf, from, to, limit } = searchParams(request, candleRangeQuery);
  const rows = withFeatures(await candlesUpTo(symbol, tf, to), from).slice(-limit);
  return NextResponse.json({ symbol, tf, featureVersion: FEATURE_SCHEMA_V2.version, rows });
});
