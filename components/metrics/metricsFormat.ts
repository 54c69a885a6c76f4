// How the metrics page words its figures (pure, no React).
import { BASELINE_LABELS, type BaselineId } from '@/lib/domain/baselines';
import type { ModelMetricsItem } from '@/lib/contracts/modelMetrics';
import { formatPercent } from '@/components/ui/format';

export type Skill = NonNullable<ModelMetricsItem['skill']>;
export type SkillFigure = NonNullable<Skill['hitRate']>;
export type Baselines = NonNullable<ModelMetricsItem['baselines']>;

export const WINDOW_LABELS: Record<ModelMetricsItem['window'], string> = {
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  all: 'all time',
};

export const bucketLabel = (bucket: string) =>
  bucket === 'all' ? 'every bucket' : `confidence ${bucket}`;

/** A signed difference; one that rounds to zero reads as 0, not -0. */
function signed(v: number, digits: number, suffix = ''): string {
  const text = v.toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}${suffix}`;
  return `${v > 0 ? '+' : ''}${text}${suffix}`;
}

/** A hit-rate difference in percentage points, an IR difference as a number. */
export const formatDifference = (kind: 'hitRate' | 'ir', v: number): string =>
  kind === 'hitRate' ? signed(v * 100, 1, ' pp') : signed(v, 2);

export function formatInterval(kind: 'hitRate' | 'ir', f: SkillFigure): string {
  if (!f.interval) return 'no interval yet (under 30 independent periods)';
  return `95 % CI ${formatDifference(kind, f.interval.low)} … ${formatDifference(kind, f.interval.high)}`;
}

/** Whether the model beats the baseline: interval above 0, below 0, or straddling it. */
export function skillVerdict(f: SkillFigure): {
  tone: 'pass' | 'warn' | 'fail' | 'muted';
  text: string;
} {
  if (!f.interval) return { tone: 'muted', text: 'not judged' };
  if (f.interval.low > 0) return { tone: 'pass', text: 'beats it' };
  if (f.interval.high < 0) return { tone: 'fail', text: 'worse' };
  return { tone: 'warn', text: 'no better' };
}

export const baselineName = (id: BaselineId) => BASELINE_LABELS[id];

/** A figure of one kind as the table shows it. */
export const formatFigure = (kind: 'hitRate' | 'ir', v: number | null) =>
  kind === 'hitRate' ? formatPercent(v) : formatIr(v);

/** An IR with two decimals, always (0.50, not 0.5). */
export const formatIr = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/** The best baseline's own figure of this kind (what the skill is measured against). */
export function bestBaselineFigure(
  kind: 'hitRate' | 'ir',
  f: SkillFigure,
  baselines: Baselines | null,
): number | null {
  const b = baselines?.[f.against];
  return b ? b[kind] : null;
}
