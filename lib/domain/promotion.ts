// When a candidate model version may be promoted to active (issue 13): enough matured shadow
// outcomes, and not worse than the active model on the go-live card's targets.

import { QUALITY_TARGETS } from './quality';
import type { Figure, HorizonComparison } from './shadow';

/** Matured shadow outcomes (all horizons together) a candidate needs: PROMOTION_MIN_OUTCOMES. */
export const DEFAULT_PROMOTION_MIN_OUTCOMES = 200;

/** The minimum from the environment's text (a whole number ≥ 1), else the default. */
export function promotionMinOutcomes(raw: string | undefined): number {
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_PROMOTION_MIN_OUTCOMES;
}

export interface PromotionCheck {
  eligible: boolean;
  /** Matured outcomes both models are judged on, all horizons together. */
  matured: number;
  required: number;
  /** Each condition not met, in words (empty when eligible). */
  unmet: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const num = (x: number) => x.toFixed(2);

/** The difference lies below zero beyond noise: its whole 95 % interval is under 0. */
const lowerBeyondNoise = (d: Figure): boolean => d.interval !== null && d.interval.high < 0;

/**
 * "Worse than the active model on the card's targets" (hit rate ≥ 60 %, IR > 1.0), per horizon
 * with matured pairs; a candidate is worse on a horizon when either
 * 1. it misses a target that the active model meets on the same outcomes, or
 * 2. its hit rate or IR is lower than the active model's beyond noise: the 95 % interval of the
 *    paired difference (candidate − active) lies wholly below zero.
 * A figure without a value (no decisions) counts as missing its target. Without an interval
 * (too few independent periods) rule 2 cannot judge and rule 1 alone applies.
 */
export function worseThanActive(comparison: readonly HorizonComparison[]): string[] {
  const out: string[] = [];
  for (const h of comparison) {
    const targets = [
      {
        name: 'hit rate',
        key: 'hitRate' as const,
        meets: (x: number | null) => x !== null && x >= QUALITY_TARGETS.hitRate,
        target: `≥ ${pct(QUALITY_TARGETS.hitRate)}`,
        show: pct,
      },
      {
        name: 'IR',
        key: 'ir' as const,
        meets: (x: number | null) => x !== null && x > QUALITY_TARGETS.ir,
        target: `> ${num(QUALITY_TARGETS.ir)}`,
        show: num,
      },
    ];
    for (const t of targets) {
      const a = h.active[t.key].value;
      const c = h.candidate[t.key].value;
      const shown = (x: number | null) => (x === null ? 'none' : t.show(x));
      if (t.meets(a) && !t.meets(c)) {
        out.push(
          `${h.horizon}: the candidate's ${t.name} ${shown(c)} misses the target ${t.target} that the active model meets (${shown(a)})`,
        );
      } else if (lowerBeyondNoise(h.difference[t.key])) {
        const d = h.difference[t.key];
        out.push(
          `${h.horizon}: the candidate's ${t.name} ${shown(c)} is below the active model's ${shown(a)} beyond noise (difference ${t.show(d.value!)}, 95 % interval up to ${t.show(d.interval!.high)})`,
        );
      }
    }
  }
  return out;
}

/** Whether a candidate may be promoted, and every condition it does not meet. */
export function promotionCheck(input: {
  comparison: readonly HorizonComparison[];
  required: number;
}): PromotionCheck {
  const matured = input.comparison.reduce((s, h) => s + h.n, 0);
  const unmet: string[] = [];
  if (matured < input.required) {
    unmet.push(
      `${matured} matured shadow outcomes, fewer than the ${input.required} required (PROMOTION_MIN_OUTCOMES)`,
    );
  }
  unmet.push(...worseThanActive(input.comparison));
  return { eligible: unmet.length === 0, matured, required: input.required, unmet };
}
