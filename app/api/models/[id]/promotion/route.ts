import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { promotionMinOutcomes } from '@/lib/domain/promotion';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';
import { promotionEligibility } from '@/lib/queries/shadow';

/** A dry run of the promotion: would it be allowed now, and what is unmet. */
export const GET = route<{ id: string }>(async (request, context) => {
  await authorize(request, { role: 'viewer' });
  const { id } = parseWith(shadow.promotion.params, await context.params);
  const check = await promotionEligibility(
    id,
    promotionMinOutcomes(process.env.PROMOTION_MIN_OUTCOMES),
  );
  return reply(shadow.promotion, {
    candidate: check.candidate.id,
    active: check.active.id,
    eligible: check.eligible,
    matured: check.matured,
    required: check.required,
    shadowRows: check.shadowRows,
    unmet: check.unmet,
  });
});
