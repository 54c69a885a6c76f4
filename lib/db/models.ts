import { db, inTransaction } from './client';
import { previousActiveModel } from '@/lib/domain/baselines';
import type { FusionModel } from '@/lib/domain/fusion';

export interface StoredModel extends FusionModel {
  id: string;
  featureVersion: string;
  status: 'candidate' | 'active' | 'retired';
}

type Row = Awaited<ReturnType<ReturnType<typeof db>['modelVersion']['findFirst']>>;

const toModel = (row: NonNullable<Row>): StoredModel => ({
  id: row.id,
  featureVersion: row.featureVersion,
  status: row.status,
  weights: { rsi: row.weightRsi, macd: row.weightMacd, trend: row.weightTrend },
  threshold: row.threshold,
  liveThreshold: row.liveThreshold,
});

export async function findModel(id: string): Promise<StoredModel | null> {
  const row = await db().modelVersion.findUnique({ where: { id } });
  return row ? toModel(row) : null;
}

export async function findActiveModel(): Promise<StoredModel | null> {
  const row = await db().modelVersion.findFirst({ where: { status: 'active' } });
  return row ? toModel(row) : null;
}

/** Every version with its activation time: the lineage behind "the previous active version". */
export async function modelActivations(): Promise<{ id: string; activatedAt: Date | null }[]> {
  return db().modelVersion.findMany({
    select: { id: true, activatedAt: true },
    orderBy: { id: 'asc' },
  });
}

/** The previous active version of the active model (previousActiveModel), if any. */
export async function previousOfActiveModel(): Promise<string | null> {
  const [versions, active] = await Promise.all([modelActivations(), findActiveModel()]);
  return active ? previousActiveModel(versions, active.id) : null;
}

/** The candidate version (at most one is proposed at a time; the newest if ever more). */
export async function findCandidateModel(): Promise<StoredModel | null> {
  const row = await db().modelVersion.findFirst({
    where: { status: 'candidate' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return row ? toModel(row) : null;
}

export class PromotionConflict extends Error {}

/**
 * Promotion in one transaction: the active version → retired, the candidate → active with
 * activated_at = `at` (which makes the retired one its "previous active version"), and the audit
 * entry. Refused (PromotionConflict, nothing changed) when either is no longer in that state.
 */
export async function promoteModel(input: {
  candidateId: string;
  activeId: string;
  at: Date;
  audit: { actor: string; details: Record<string, unknown> };
}): Promise<void> {
  await inTransaction(async (tx) => {
    // Retired first: at most one row may be active (a partial unique index).
    const retired = await tx.query(
      `UPDATE model_versions SET status = 'retired' WHERE id = $1 AND status = 'active'`,
      [input.activeId],
    );
    const activated = await tx.query(
      `UPDATE model_versions SET status = 'active', activated_at = $2
       WHERE id = $1 AND status = 'candidate'`,
      [input.candidateId, input.at],
    );
    if (retired.rowCount !== 1 || activated.rowCount !== 1) {
      throw new PromotionConflict(
        'the candidate or the active model changed meanwhile: reload and try again',
      );
    }
    await tx.query('INSERT INTO audit_log (action, actor, details) VALUES ($1, $2, $3)', [
      'model.promote',
      input.audit.actor,
      JSON.stringify(input.audit.details),
    ]);
  });
}
