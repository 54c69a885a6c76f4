import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { GATE_BANDS } from '@/lib/domain/guardrails';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { sloTimechart } from '@/lib/queries/sloReport';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { range, from, to } = searchParams(request, slo.timechart.query);
  const custom = range === 'custom' && from && to ? { from, to } : undefined;
  return reply(slo.timechart, {
    ...(await sloTimechart(range, new Date(), custom)),
    bands: GATE_BANDS,
  });
});
