import { NextResponse } from 'next/server';
import { GATE_BANDS } from '@/lib/domain/guardrails';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { sloTimechart } from '@/lib/queries/sloReport';
import { timechartQuery } from '@/lib/validations/slo';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { range } = searchParams(request, timechartQuery);
  return NextResponse.json({ ...(await sloTimechart(range, new Date())), bands: GATE_BANDS });
});
