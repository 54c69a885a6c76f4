import { shadowEndpoints as shadow } from '@/lib/contracts/shadow';
import { promotionMinOutcomes } from '@/lib/domain/promotion';
import { promoteModel, PromotionConflict } from '@/lib/db/models';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';
import { promotionEligibility } from '@/lib/queries/shadow';

/**
 * Promotes the candidate: refused (409, every unmet condition) while it has too few matured
 * shadow outcomes or is worse than the active model on the card's targets, unless an admin
 * overrides with a reason (operators cannot: 403). One transaction with its audit entry.
 */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { id } = parseWith(shadow.promote.params, await context.params);
  const body = await readJson(request, shadow.promote.body);
  const override = body.override === true;
  if (override && principal.role !== 'admin') {
    throw new HttpError(403, 'override', 'only an admin may promote past unmet conditions');
  }
  const required = promotionMinOutcomes(process.env.PROMOTION_MIN_OUTCOMES);
  const check = await promotionEligibility(id, required);
  if (!check.eligible && !override) {
    throw new HttpError(
      409,
      'id',
      `${id} cannot be promoted: ${check.unmet.join('; ')}. An admin may override with "override": true and a reason`,
      { unmet: check.unmet },
    );
  }
  try {
    await promoteModel({
      candidateId: check.candidate.id,
      activeId: check.active.id,
      at: new Date(),
      audit: {
        actor: principal.actor,
        details: {
          promoted: check.candidate.id,
          retired: check.active.id,
          reason: body.reason,
          forced: !check.eligible,
          unmet: check.unmet,
          matured: check.matured,
          required: check.required,
          weights: check.candidate.weights,
        },
      },
    });
  } catch (error) {
    if (error instanceof PromotionConflict) throw new HttpError(409, 'id', error.message);
    throw error;
  }
  return reply(shadow.promote, {
    promoted: check.candidate.id,
    retired: check.active.id,
    forced: !check.eligible,
    unmet: check.unmet,
  });
});
