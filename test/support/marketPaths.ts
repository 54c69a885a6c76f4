import { previousReturn } from '@/lib/domain/baselines';
import { fuse, type Decision, type FusionModel } from '@/lib/domain/fusion';
import { maturesAt, periodStartBefore } from '@/lib/domain/horizons';
import { computeFeatures } from '@/lib/domain/indicators';
import { resolveOutcome } from '@/lib/domain/outcomes';
import type { SkillOutcome } from '@/lib/domain/skill';
import { mulberry32 } from './prng';

/**
 * Seeded daily close paths with a known structure, for testing whether a model's skill over
 * the baselines is told apart from none:
 * - `drifting`: independent log returns with a positive mean (about 64 % up days): always-long
 *   wins, and nothing else can predict anything;
 * - `meanReverting`: an Ornstein–Uhlenbeck log price pulled back to its mean, so a fall
 *   predicts a rise: a mean-reversion signal (RSI) has real skill;
 * - `noSignal`: independent log returns with zero mean: nothing has skill.
 */
export type MarketKind = 'drifting' | 'meanReverting' | 'noSignal';

export function syntheticCloses(kind: MarketKind, days: number, seed: number): number[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const sigma = 0.01;
  const closes: number[] = [];
  let logPrice = Math.log(100);
  for (let d = 0; d < days; d++) {
    if (d > 0) {
      if (kind === 'drifting') logPrice += 0.0035 + sigma * normal();
      else if (kind === 'noSignal') logPrice += sigma * normal();
      else logPrice += -0.15 * (logPrice - Math.log(100)) + sigma * normal();
    }
    closes.push(Math.exp(logPrice));
  }
  return closes;
}

const DAY_MS = 86_400_000;

/** A model that calls up or down at random, always with a decision: it can have no skill. */
export const RANDOM_MODEL = 'random';

/**
 * The matured outcomes a model would have had on a daily path (one UTC candle a day from
 * 2000-01-03), through the product's own domain: features, the fusion scorer, maturity and the
 * outcome's close, and the previous period's return known at each decision.
 */
export function maturedOutcomesOf(
  closes: readonly number[],
  model: FusionModel | typeof RANDOM_MODEL,
  horizon: string,
  seed = 1,
): SkillOutcome[] {
  const random = mulberry32(seed);
  const candles = closes.map((c, i) => ({ ts: new Date(Date.UTC(2000, 0, 3) + i * DAY_MS), c }));
  const features = computeFeatures(closes);
  const out: SkillOutcome[] = [];
  candles.forEach(({ ts, c }, i) => {
    const f = features[i]!;
    if (f.rsi_14 === null || f.macd_hist === null || f.ema_20 === null || f.ema_50 === null) return;
    let call: { score: number; confid: number; decision: Decision };
    if (model === RANDOM_MODEL) {
      const decision = random() < 0.5 ? -1 : 1;
      call = { score: decision * 0.4, confid: 0.7, decision };
    } else {
      call = fuse(model, {
        c,
        rsi_14: f.rsi_14,
        macd_hist: f.macd_hist,
        ema_20: f.ema_20,
        ema_50: f.ema_50,
      });
    }
    const outcome = resolveOutcome({
      entryClose: c,
      score: call.score,
      maturity: maturesAt(ts, horizon, 'UTC'),
      candlesFrom: candles.slice(i),
    });
    if (!outcome) return;
    out.push({
      horizon,
      ts,
      confid: call.confid,
      decision: call.decision,
      hit: outcome.hit,
      realizedReturn: outcome.realizedReturn,
      prevReturn: previousReturn({
        entryClose: c,
        periodStart: periodStartBefore(ts, horizon, 'UTC'),
        candles: candles.slice(0, i + 1),
      }),
      prevModelDirection: null,
    });
  });
  return out;
}
