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

/** A model version with everything the Models page shows. */
export interface ModelVersionRow {
  id: string;
  featureVersion: string;
  status: 'candidate' | 'active' | 'retired';
  weights: { rsi: number; macd: number; trend: number };
  sd: { rsi: number; macd: number; trend: number } | null;
  threshold: number;
  liveThreshold: number;
  windowFrom: Date | null;
  windowTo: Date | null;
  evidence: unknown;
  notes: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

type FullRow = NonNullable<Row>;

const toVersion = (row: FullRow): ModelVersionRow => ({
  id: row.id,
  featureVersion: row.featureVersion,
  status: row.status,
  weights: { rsi: row.weightRsi, macd: row.weightMacd, trend: row.weightTrend },
  sd:
    row.sdRsi === null || row.sdMacd === null || row.sdTrend === null
      ? null
      : { rsi: row.sdRsi, macd: row.sdMacd, trend: row.sdTrend },
  threshold: row.threshold,
  liveThreshold: row.liveThreshold,
  windowFrom: row.windowFrom,
  windowTo: row.windowTo,
  evidence: row.evidence,
  notes: row.notes,
  createdAt: row.createdAt,
  activatedAt: row.activatedAt,
  retiredAt: row.retiredAt,
});

/** At most this many versions are listed (newest first): a weekly fit adds 52 a year. */
export const MODEL_VERSIONS_LISTED = 500;

/** The newest model versions (created_at, then id), the active and the candidate always among them. */
export async function listModelVersions(): Promise<ModelVersionRow[]> {
  const rows = await db().modelVersion.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MODEL_VERSIONS_LISTED,
  });
  const listed = new Set(rows.map((r) => r.id));
  const current = await db().modelVersion.findMany({
    where: { status: { in: ['active', 'candidate'] } },
  });
  return [...rows, ...current.filter((r) => !listed.has(r.id))].map(toVersion);
}

export async function findModelVersion(id: string): Promise<ModelVersionRow | null> {
  const row = await db().modelVersion.findUnique({ where: { id } });
  return row ? toVersion(row) : null;
}

export interface NewCandidate {
  /** The id wanted; `-2`, `-3` … is added when it is taken. */
  id: string;
  featureVersion: string;
  weights: { rsi: number; macd: number; trend: number };
  sd: { rsi: number; macd: number; trend: number };
  threshold: number;
  liveThreshold: number;
  windowFrom: Date;
  windowTo: Date;
  evidence: Record<string, unknown>;
  notes: string;
  createdAt: Date;
}

/** Serialises candidate writes across processes (pg_advisory_xact_lock). */
const CANDIDATE_LOCK = 7_267_001;

/**
 * In ONE transaction: retires the current candidate (audited `model.candidate_retired`), inserts
 * the new one (audited `model.candidate_created`), so a crash leaves either the old candidate or
 * the new one, never two and never half a row. Returns the new row and the retired id.
 */
export async function replaceCandidate(
  candidate: NewCandidate,
  audit: { actor: string; reason: string },
): Promise<{ created: ModelVersionRow; retired: string | null }> {
  const { id, retired } = await inTransaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CANDIDATE_LOCK]);
    const { rows: old } = await tx.query<{ id: string }>(
      `UPDATE model_versions SET status = 'retired', retired_at = $1
        WHERE status = 'candidate' RETURNING id`,
      [candidate.createdAt],
    );
    const retiredId = old[0]?.id ?? null;
    const { rows: taken } = await tx.query<{ id: string }>(
      'SELECT id FROM model_versions WHERE id = $1 OR id LIKE $2',
      [candidate.id, `${candidate.id.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`],
    );
    const ids = new Set(taken.map((r) => r.id));
    let newId = candidate.id;
    for (let k = 2; ids.has(newId); k++) newId = `${candidate.id}-${k}`;
    await tx.query(
      `INSERT INTO model_versions (id, feature_version, weight_rsi, weight_macd, weight_trend,
         threshold, live_threshold, status, created_at, notes, sd_rsi, sd_macd, sd_trend,
         window_from, window_to, evidence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'candidate', $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        newId,
        candidate.featureVersion,
        candidate.weights.rsi,
        candidate.weights.macd,
        candidate.weights.trend,
        candidate.threshold,
        candidate.liveThreshold,
        candidate.createdAt,
        candidate.notes,
        candidate.sd.rsi,
        candidate.sd.macd,
        candidate.sd.trend,
        candidate.windowFrom,
        candidate.windowTo,
        JSON.stringify(candidate.evidence),
      ],
    );
    if (retiredId)
      await tx.query('INSERT INTO audit_log (action, actor, details) VALUES ($1, $2, $3)', [
        'model.candidate_retired',
        audit.actor,
        JSON.stringify({ modelId: retiredId, replacedBy: newId, reason: audit.reason }),
      ]);
    await tx.query('INSERT INTO audit_log (action, actor, details) VALUES ($1, $2, $3)', [
      'model.candidate_created',
      audit.actor,
      JSON.stringify({
        modelId: newId,
        parent: candidate.evidence.parentModelId ?? null,
        retired: retiredId,
        weights: candidate.weights,
        sd: candidate.sd,
        window: { from: candidate.windowFrom, to: candidate.windowTo },
        n: candidate.evidence.n ?? null,
        reason: audit.reason,
      }),
    ]);
    return { id: newId, retired: retiredId };
  });
  return { created: (await findModelVersion(id))!, retired };
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
