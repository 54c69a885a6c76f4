import { NextResponse } from 'next/server';
import { authorize } from '@/lib/http/guard';
import { route } from '@/lib/http/route';
import { automationStatus } from '@/lib/queries/automationStatus';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return NextResponse.json(await automationStatus());
});
