import { db } from './client';
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
