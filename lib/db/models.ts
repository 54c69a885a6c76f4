import { db } from './client';
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
