import { NextResponse } from 'next/server';
import { instrumentsWithLatest } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { route } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return NextResponse.json({ instruments: await instrumentsWithLatest() });
});
