import type { SignalPart } from '@/lib/domain/signalParts';

/** What each part of fusion-v2.0.0 reads (SPEC §2). */
export const PART_LABELS: Record<SignalPart, string> = {
  rsi: 'rsi (mean reversion)',
  macd: 'macd (momentum)',
  trend: 'trend (EMA-20 vs EMA-50)',
};

export const WINDOW_OPTIONS = [
  { value: 'all', label: 'all time' },
  { value: '90d', label: 'last 90 days' },
  { value: '30d', label: 'last 30 days' },
  { value: '7d', label: 'last 7 days' },
] as const;

export type SignalWindow = (typeof WINDOW_OPTIONS)[number]['value'];

export const isSignalWindow = (v: string): v is SignalWindow =>
  WINDOW_OPTIONS.some((w) => w.value === v);

/** A correlation to three decimals, signed ("+0.012"). */
export const formatCorrelation = (v: number | null) =>
  v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;
