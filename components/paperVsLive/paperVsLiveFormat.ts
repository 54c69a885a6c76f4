import type { z } from 'zod';
import type { paperVsLiveResponse } from '@/lib/contracts/paperVsLive';
import { formatNumber, formatPercent } from '@/components/ui/format';

export type PaperVsLiveData = z.input<typeof paperVsLiveResponse>;
export type HorizonData = PaperVsLiveData['horizons'][number];
export type GroupData = HorizonData['paper'];
export type DifferenceData = HorizonData['difference']['hitRate'];

export const GROUP_LABELS = {
  paper: 'Paper',
  live: 'Live',
  history: 'History (replayed)',
} as const;

/** "55.20 % (52.10 – 58.30 %)": a hit rate with its 95 % interval. */
export function formatHit(g: GroupData): string {
  if (g.hitRate === null) return '—';
  const i = g.hitInterval;
  return i
    ? `${formatPercent(g.hitRate)} (${(i.low * 100).toFixed(1)} – ${(i.high * 100).toFixed(1)} %)`
    : formatPercent(g.hitRate);
}

/** A live − paper difference in points or IR units, with its interval and a verdict. */
export function formatDifference(d: DifferenceData, percent: boolean): string {
  if (!d) return '—';
  const f = (v: number) =>
    percent
      ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pt`
      : `${v >= 0 ? '+' : ''}${formatNumber(v)}`;
  const range = d.interval ? ` (${f(d.interval.low)} … ${f(d.interval.high)})` : '';
  return `${f(d.value)}${range}`;
}

export function verdict(d: DifferenceData): string {
  if (!d || d.beyondNoise === null) return '';
  return d.beyondNoise ? 'beyond noise' : 'within noise';
}
