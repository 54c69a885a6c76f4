import { sloEndpoints as slo } from '@/lib/contracts/slo';
import { GATE_BANDS } from '@/lib/domain/guardrails';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { sloTimechart } from '@/lib/queries/sloReport';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const { range } = searchParams(request, slo.timechart.query);
  return reply(slo.timechart, { ...(await sloTimechart(range, new Date())), bands: GATE_BANDS });
});
