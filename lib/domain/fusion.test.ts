import { describe, expect, it } from 'vitest';
import { confidenceBucket, fuse, FUSION_V2_DEFAULTS, signalParts, squash } from './fusion';

const neutral = { c: 100, rsi_14: 50, macd_hist: 0, ema_20: 100, ema_50: 100 };

describe('signal parts', () => {
  it('reads RSI as mean reversion: oversold buys, overbought sells, clipped', () => {
    expect(signalParts({ ...neutral, rsi_14: 30 }).rsi).toBe(1);
    expect(signalParts({ ...neutral, rsi_14: 70 }).rsi).toBe(-1);
    expect(signalParts({ ...neutral, rsi_14: 0 }).rsi).toBe(1);
    expect(signalParts({ ...neutral, rsi_14: 40 }).rsi).toBe(0.5);
  });

  it('reads MACD as momentum and EMA-20 over EMA-50 as trend, scale-free in price', () => {
    const small = signalParts({ c: 1, rsi_14: 50, macd_hist: 0.002, ema_20: 1.02, ema_50: 1 });
    const large = signalParts({ c: 1000, rsi_14: 50, macd_hist: 2, ema_20: 1020, ema_50: 1000 });
    expect(small.macd).toBeCloseTo(0.5, 12);
    expect(small.trend).toBeCloseTo(0.5, 12);
    expect(large.macd).toBeCloseTo(small.macd, 12);
    expect(large.trend).toBeCloseTo(small.trend, 12);
  });

  it('squashes into (-1, 1), odd and monotone', () => {
    expect(squash(0)).toBe(0);
    expect(squash(1e300)).toBeLessThanOrEqual(1);
    expect(squash(-3)).toBe(-squash(3));
    expect(squash(2)).toBeGreaterThan(squash(1));
  });
});

describe('fuse', () => {
  it('holds on a neutral market', () => {
    expect(fuse(FUSION_V2_DEFAULTS, neutral)).toMatchObject({
      score: 0,
      decision: 0,
      confid: 0.5,
      ml_bucket: 0.5,
    });
  });

  it('uses the stricter threshold for live decisions', () => {
    // score 0.2 → confidence 0.6: enough for an advisory buy (0.55), not for a live one (0.65).
    const model = { ...FUSION_V2_DEFAULTS, weights: { rsi: 1, macd: 0, trend: 0 } };
    const f = { ...neutral, rsi_14: 46 };
    expect(fuse(model, f).decision).toBe(1);
    expect(fuse(model, f, { live: true }).decision).toBe(0);
  });

  it('applies the calibration map to the confidence and decides on the calibrated value', () => {
    const model = { ...FUSION_V2_DEFAULTS, weights: { rsi: 1, macd: 0, trend: 0 } };
    const out = fuse(model, { ...neutral, rsi_14: 30 }, { calibrate: () => 0.52 });
    expect(out).toMatchObject({ rawConfidence: 1, confid: 0.52, decision: 0, ml_bucket: 0.5 });
  });

  it('refuses features that would give a non-finite score instead of deciding on NaN', () => {
    expect(() => fuse(FUSION_V2_DEFAULTS, { ...neutral, c: 1e-300, macd_hist: 1e300 })).toThrow(
      RangeError,
    );
    expect(() => fuse(FUSION_V2_DEFAULTS, { ...neutral, ema_50: 0 })).toThrow(RangeError);
  });
});

describe('confidenceBucket', () => {
  it.each([
    [0.5, 0.5],
    [0.59999, 0.5],
    [0.6, 0.6],
    [0.7, 0.7],
    [0.99, 0.9],
    [1, 1],
    [0.3, 0.5],
  ])('%d → %d', (confid, bucket) => expect(confidenceBucket(confid)).toBe(bucket));
});
