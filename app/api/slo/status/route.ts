import { NextResponse } from 'next/server';
import { authorize } from '@/lib/http/guard';
import { route } from '@/lib/http/route';
import { sloStatus } from '@/lib/queries/sloReport';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const status = await sloStatus(new Date());
  return NextResponse.json(status, { headers: { 'cache-control': 'no-store' } });
});
