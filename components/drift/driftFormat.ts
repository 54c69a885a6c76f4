import type { BadgeTone } from '@/components/slo/GateBadge';
import type { DriftFeatureItem } from '@/lib/contracts/drift';

export const FEATURE_LABELS: Record<DriftFeatureItem['feature'], string> = {
  rsi_14: 'RSI-14',
  macd_hist: 'MACD histogram',
};

export const STATUS_TONE: Record<DriftFeatureItem['status'], BadgeTone> = {
  ok: 'pass',
  warn: 'warn',
  drift: 'fail',
  insufficient: 'muted',
};

export const STATUS_LABEL: Record<DriftFeatureItem['status'], string> = {
  ok: 'ok',
  warn: 'warn',
  drift: 'drift',
  insufficient: 'too few values',
};
