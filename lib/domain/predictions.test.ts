import { describe, expect, it } from 'vitest';
import { fuse, type ScoringFeatures } from './fusion';
import { buildPredictions } from './predictions';

const model = {
  id: 'm-test',
  weights: { rsi: 1, macd: 0, trend: 0 },
  threshold: 0.55,
  liveThreshold: 0.65,
};

/** Oversold enough that the raw confidence lies between the advisory and the live threshold. */
function featuresBetweenThresholds(): ScoringFeatures {
  for (let rsi = 50; rsi > 0; rsi -= 0.25) {
    const features = { c: 100, rsi_14: rsi, macd_hist: 0, ema_20: 100, ema_50: 100 };
    const { rawConfidence } = fuse(model, features);
    if (rawConfidence >= 0.6 && rawConfidence < 0.65) return features;
  }
  throw new Error('no RSI gives a confidence between the thresholds');
}

const build = (serving?: Parameters<typeof buildPredictions>[0]['serving']) =>
  buildPredictions({
    symbol: 'X',
    tf: '1d',
    timeZone: 'UTC',
    cycleSlot: new Date('2026-11-02T00:00:00Z'),
    ts: new Date('2026-11-02T00:00:00Z'),
    features: featuresBetweenThresholds(),
    model,
    horizons: ['1d'],
    calibrations: new Map(),
    backfilled: serving === undefined,
    serving,
  })[0]!;

describe('buildPredictions serving modes', () => {
  it('keeps the advisory statement and adds the live decision under the live threshold', () => {
    const live = build({ mode: 'live', livePaused: false });
    expect(live.decision).toBe(1);
    expect(live.mode).toBe('live');
    expect(live.liveDecision).toBe(0); // 0.6 ≥ 0.55 advisory, < 0.65 live
  });

  it('takes the live direction once the confidence clears the live threshold', () => {
    const strong = buildPredictions({
      symbol: 'X',
      tf: '1d',
      timeZone: 'UTC',
      cycleSlot: new Date('2026-11-02T00:00:00Z'),
      ts: new Date('2026-11-02T00:00:00Z'),
      features: { c: 100, rsi_14: 10, macd_hist: 0, ema_20: 100, ema_50: 100 },
      model,
      horizons: ['1d', '7d'],
      calibrations: new Map(),
      backfilled: false,
      serving: { mode: 'live', livePaused: false },
    });
    expect(strong.map((p) => p.liveDecision)).toEqual([1, 1]);
  });

  it('records no live decision for paper modes and 0 while live is paused', () => {
    expect(build({ mode: 'preview', livePaused: false })).toMatchObject({
      mode: 'preview',
      liveDecision: null,
      decision: 1,
    });
    expect(build({ mode: 'shadow', livePaused: true }).liveDecision).toBeNull();
    expect(build({ mode: 'live', livePaused: true }).liveDecision).toBe(0);
  });

  it('leaves backfilled history without a mode', () => {
    expect(build(undefined)).toMatchObject({ mode: null, liveDecision: null, backfilled: true });
  });
});
