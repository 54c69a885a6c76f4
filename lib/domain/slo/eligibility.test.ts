import { describe, expect, it } from 'vitest';
import type { RolloutStage } from '../rollout';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './histogram';
import type { MinuteRollup } from './minutes';
import {
  isPromotionToLive,
  LIVE_SCORE_RATE_MIN,
  minuteGatesPass,
  PROMOTION_REQUIREMENTS,
  promotionEligibility,
  promotionHold,
} from './eligibility';
import { MIN_REQUESTS_PER_MINUTE } from './triggers';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const min = (k: number): number => T0 + k * 60_000;
const d = (k: number): Date => new Date(min(k));

function rollup(o: {
  count: number;
  errors?: number;
  latency?: [number, number][];
  staleness?: number | null;
}): MinuteRollup {
  const h = emptyLatencyHistogram();
  for (const [bound, n] of o.latency ?? [[100, o.count]]) h[LATENCY_BOUNDS_MS.indexOf(bound)] += n;
  return {
    minute: d(0),
    count: o.count,
    errors: o.errors ?? 0,
    latency: h,
    confid: emptyConfidHistogram(),
    maxStaleness: o.staleness === undefined ? 5 : o.staleness,
  };
}

describe('minuteGatesPass', () => {
  it('passes a healthy minute', () => {
    expect(minuteGatesPass(rollup({ count: 100 }), true)).toBe(true);
  });

  it('needs the live score rate only in a live stage, and some traffic always', () => {
    expect(LIVE_SCORE_RATE_MIN).toBe(10);
    expect(MIN_REQUESTS_PER_MINUTE).toBeLessThan(LIVE_SCORE_RATE_MIN);
    expect(minuteGatesPass(rollup({ count: 10 }), true)).toBe(true);
    expect(minuteGatesPass(rollup({ count: 9 }), true)).toBe(false);
    expect(minuteGatesPass(rollup({ count: 9 }), false)).toBe(true);
    expect(minuteGatesPass(rollup({ count: MIN_REQUESTS_PER_MINUTE - 1 }), false)).toBe(false);
    expect(minuteGatesPass(rollup({ count: 0 }), false)).toBe(false);
  });

  it('fails on a warning, not only on a failure', () => {
    // p95 exactly 1000 passes; one more slow request puts it in the warn band
    expect(
      minuteGatesPass(
        rollup({
          count: 100,
          latency: [
            [1000, 95],
            [1250, 5],
          ],
        }),
        true,
      ),
    ).toBe(true);
    expect(
      minuteGatesPass(
        rollup({
          count: 100,
          latency: [
            [1000, 94],
            [1250, 6],
          ],
        }),
        true,
      ),
    ).toBe(false);
    expect(minuteGatesPass(rollup({ count: 100, errors: 1 }), true)).toBe(true);
    expect(minuteGatesPass(rollup({ count: 100, errors: 2 }), true)).toBe(false);
    expect(minuteGatesPass(rollup({ count: 100, staleness: 30 }), true)).toBe(true);
    expect(minuteGatesPass(rollup({ count: 100, staleness: 31 }), true)).toBe(false);
  });

  it('does not fail a minute without any staleness reading', () => {
    expect(minuteGatesPass(rollup({ count: 100, staleness: null }), true)).toBe(true);
  });
});

describe('promotionEligibility', () => {
  const passing = (from: number, to: number, except: number[] = []): Set<number> =>
    new Set(
      Array.from({ length: to - from }, (_, i) => min(from + i)).filter(
        (m) => !except.includes((m - T0) / 60_000),
      ),
    );
  const before = [
    { stage: 'off' as const, from: d(-600), to: d(-300) },
    { stage: 'preview' as const, from: d(-300), to: d(0) },
  ];
  const check = (
    now: number,
    currentStage: RolloutStage,
    stageHistory: { stage: RolloutStage; from: Date; to: Date | null }[],
    gatesPassedMinutes: Set<number>,
  ) => promotionEligibility({ now: d(now), currentStage, stageHistory, gatesPassedMinutes });

  it('lists the requirements', () => {
    expect(PROMOTION_REQUIREMENTS).toEqual([
      { stage: '0.1', hours: 1, next: '0.5' },
      { stage: '0.5', hours: 2, next: '1.0' },
      { stage: '1.0', hours: 24, next: null },
    ]);
  });

  it('promotes 0.1 after one hour of passing minutes, not a minute earlier', () => {
    const history = [...before, { stage: '0.1' as const, from: d(0), to: null }];
    const all = passing(-600, 2000);
    expect(check(59, '0.1', history, all)).toMatchObject({ eligible: false, metHours: 59 / 60 });
    expect(check(60, '0.1', history, all)).toEqual({
      currentStage: '0.1',
      eligible: true,
      next: '0.5',
      requiredHours: 1,
      metHours: 1,
      reason: expect.stringContaining('may be promoted to 0.5'),
    });
  });

  it('does not count the minute still running', () => {
    const history = [...before, { stage: '0.1' as const, from: d(0), to: null }];
    const r = promotionEligibility({
      now: new Date(min(60) - 1),
      currentStage: '0.1',
      stageHistory: history,
      gatesPassedMinutes: passing(0, 61),
    });
    expect(r.metHours).toBe(59 / 60);
    expect(r.eligible).toBe(false);
  });

  it('skips a failing minute without restarting the stint', () => {
    const history = [...before, { stage: '0.1' as const, from: d(0), to: null }];
    const gates = passing(0, 100, [30]);
    const at60 = check(60, '0.1', history, gates);
    expect(at60).toMatchObject({ eligible: false, metHours: 59 / 60 });
    expect(at60.reason).toContain('1 more needed');
    expect(check(61, '0.1', history, gates)).toMatchObject({ eligible: true, metHours: 1 });
  });

  it('counts only whole minutes inside the stint', () => {
    const history = [
      ...before.slice(0, 1),
      { stage: 'preview' as const, from: d(-300), to: new Date(min(0) + 30_000) },
      { stage: '0.1' as const, from: new Date(min(0) + 30_000), to: null },
    ];
    expect(check(60, '0.1', history, passing(-300, 200)).metHours).toBe(59 / 60);
  });

  it('restarts when the stage changes, even back to the same stage', () => {
    const history = [
      ...before,
      { stage: '0.1' as const, from: d(0), to: d(90) },
      { stage: '0.5' as const, from: d(90), to: d(120) },
      { stage: 'off' as const, from: d(120), to: d(150) },
      { stage: '0.1' as const, from: d(150), to: null },
    ];
    const r = check(160, '0.1', history, passing(0, 200));
    expect(r).toMatchObject({ eligible: false, metHours: 10 / 60, requiredHours: 1 });
  });

  it('continues a stint across a re-set of the same stage', () => {
    const history = [
      ...before,
      { stage: '0.5' as const, from: d(0), to: d(70) },
      { stage: '0.5' as const, from: d(70), to: null },
    ];
    expect(check(120, '0.5', history, passing(0, 200))).toMatchObject({
      eligible: true,
      next: '1.0',
      requiredHours: 2,
      metHours: 2,
    });
    expect(check(119, '0.5', history, passing(0, 200)).eligible).toBe(false);
  });

  it('reports 1.0 as complete after 24 h but never eligible: there is no next stage', () => {
    const history = [...before, { stage: '1.0' as const, from: d(0), to: null }];
    const r = check(24 * 60, '1.0', history, passing(0, 24 * 60));
    expect(r).toMatchObject({ eligible: false, next: null, requiredHours: 24, metHours: 24 });
    expect(r.reason).toContain('complete');
  });

  it('has no requirement in off or preview', () => {
    for (const stage of ['off', 'preview'] as const) {
      expect(check(10, stage, before, passing(0, 10))).toMatchObject({
        currentStage: stage,
        eligible: false,
        next: null,
        requiredHours: null,
        metHours: 0,
      });
    }
  });

  it('refuses to guess when the history does not end at the current stage', () => {
    const history = [...before, { stage: '0.1' as const, from: d(0), to: null }];
    expect(check(100, '0.5', history, passing(0, 100))).toMatchObject({
      eligible: false,
      metHours: 0,
      requiredHours: 2,
    });
    expect(check(100, '0.1', [], passing(0, 100)).eligible).toBe(false);
  });
});

describe('the no-skill hold on promotion', () => {
  it('holds every move up into a live stage, never a move down or out of live', () => {
    const moves: [RolloutStage, RolloutStage, boolean][] = [
      ['preview', '0.1', true],
      ['off', '0.5', true],
      ['0.1', '0.5', true],
      ['0.5', '1.0', true],
      ['off', 'preview', false],
      ['1.0', '0.5', false],
      ['0.5', '0.1', false],
      ['0.1', 'preview', false],
      ['0.5', '0.5', false],
    ];
    for (const [from, to, promotion] of moves) {
      expect(isPromotionToLive(from, to), `${from} → ${to}`).toBe(promotion);
      const breach = { state: 'breach', reason: 'no skill over the best baseline in 1d' };
      expect(promotionHold(from, to, breach)).toBe(promotion ? breach.reason : null);
      for (const state of ['ok', 'insufficient'])
        expect(promotionHold(from, to, { state, reason: '' })).toBeNull();
    }
  });

  it('makes an otherwise eligible stage ineligible, saying why', () => {
    const history = [
      { stage: 'preview' as const, from: d(-300), to: d(0) },
      { stage: '0.1' as const, from: d(0), to: null },
    ];
    const gatesPassedMinutes = new Set(Array.from({ length: 120 }, (_, i) => min(i)));
    const input = {
      now: d(90),
      currentStage: '0.1' as const,
      stageHistory: history,
      gatesPassedMinutes,
    };
    expect(promotionEligibility(input).eligible).toBe(true);
    expect(
      promotionEligibility({ ...input, heldBy: 'no-skill-12h: no skill in 1d' }),
    ).toMatchObject({
      eligible: false,
      next: '0.5',
      metHours: 1.5,
      reason: 'held: no-skill-12h: no skill in 1d',
    });
  });
});
