import type { z } from 'zod';
import type { comparison } from '@/lib/contracts/shadow';
import { promotionCheck, type PromotionCheck } from '@/lib/domain/promotion';
import { COMPARISON_INTERVAL_METHOD, compareModels } from '@/lib/domain/shadow';
import { findActiveModel, findCandidateModel, findModel, type StoredModel } from '@/lib/db/models';
import { comparisonCells, shadowCounts } from '@/lib/db/shadow';
import { HttpError, notFound } from '@/lib/http/errors';

export const CANDIDATE_CONFID_RULE =
  "the candidate's raw confidence through the active model's calibration map of the horizon " +
  'in the cycle (what the active prediction of the candle gets), uncalibrated in the shadow ' +
  "backfill (as the active model's backfilled predictions): both sides' Brier and ECE use " +
  'confidences made the same way';

const summary = (m: StoredModel) => ({ id: m.id, weights: m.weights, threshold: m.threshold });

/** The candidate (any stored version but the active one) and the active model, or a refusal. */
async function pair(candidateId: string, field: string) {
  const [candidate, active] = await Promise.all([findModel(candidateId), findActiveModel()]);
  if (!candidate) throw notFound(field, `no model version ${candidateId}`);
  if (!active) throw new HttpError(409, field, 'there is no active model to compare with');
  if (candidate.id === active.id)
    throw new HttpError(409, field, `${candidateId} is the active model itself`);
  return { candidate, active };
}

/** Active vs candidate on the same matured outcomes (lib/domain/shadow.ts compareModels). */
export async function modelComparison(input: {
  candidate?: string;
  horizon?: string;
  from?: Date;
  to?: Date;
}): Promise<z.output<typeof comparison>> {
  const named = input.candidate ?? (await findCandidateModel())?.id;
  if (named === undefined) {
    const active = await findActiveModel();
    if (!active) throw new HttpError(409, 'candidate', 'there is no active model to compare with');
    return {
      candidate: null,
      active: summary(active),
      method: COMPARISON_INTERVAL_METHOD,
      confid: CANDIDATE_CONFID_RULE,
      capped: [],
      horizons: [],
    };
  }
  const { candidate, active } = await pair(named, 'candidate');
  const { cells, capped } = await comparisonCells({
    candidateId: candidate.id,
    activeId: active.id,
    horizon: input.horizon,
    from: input.from,
    to: input.to,
  });
  return {
    candidate: summary(candidate),
    active: summary(active),
    method: COMPARISON_INTERVAL_METHOD,
    confid: CANDIDATE_CONFID_RULE,
    capped,
    horizons: compareModels(cells),
  };
}

/** Whether the candidate may be promoted now (over all its matured shadow outcomes). */
export async function promotionEligibility(
  candidateId: string,
  required: number,
): Promise<PromotionCheck & { candidate: StoredModel; active: StoredModel; shadowRows: number }> {
  const { candidate, active } = await pair(candidateId, 'id');
  if (candidate.status !== 'candidate')
    throw new HttpError(409, 'id', `${candidateId} is ${candidate.status}, not a candidate`);
  const [cells, counts] = await Promise.all([
    comparisonCells({ candidateId: candidate.id, activeId: active.id }).then((r) => r.cells),
    shadowCounts(candidate.id, active.id),
  ]);
  const check = promotionCheck({ comparison: compareModels(cells), required });
  return { ...check, candidate, active, shadowRows: counts.rows };
}
