import { describe, expect, it } from 'vitest';
import { liveShare, rolloutPosition, ROLLOUT_STAGES, scoringMode } from './rollout';

const pairs = Array.from(
  { length: 5000 },
  (_, i) => [`SYM${i}`, ['1m', '1h', '1d'][i % 3]!] as const,
);

describe('rollout hashing', () => {
  it('puts a pair at the same position every time (a known value pins the hash)', () => {
    expect(rolloutPosition('SPX', '1d')).toBe(rolloutPosition('SPX', '1d'));
    // Pinned: changing the hash would silently move pairs in and out of a live rollout.
    expect(rolloutPosition('SPX', '1d')).toMatchInlineSnapshot(`0.47526737838052213`);
  });

  it('keeps every pair live as the share grows (monotone)', () => {
    const stages = ['0.1', '0.5', '1.0'] as const;
    for (const [symbol, tf] of pairs) {
      const live = stages.map((stage) => scoringMode(stage, symbol, tf) === 'live');
      for (let i = 1; i < live.length; i++) if (live[i - 1]) expect(live[i]).toBe(true);
    }
  });

  it('gives live decisions to about the stage share of pairs', () => {
    for (const stage of ['0.1', '0.5'] as const) {
      const live =
        pairs.filter(([s, tf]) => scoringMode(stage, s, tf) === 'live').length / pairs.length;
      expect(Math.abs(live - liveShare(stage))).toBeLessThan(0.03);
    }
    expect(pairs.every(([s, tf]) => scoringMode('1.0', s, tf) === 'live')).toBe(true);
  });

  it('never gives live decisions in off or preview', () => {
    for (const [symbol, tf] of pairs.slice(0, 200)) {
      expect(scoringMode('off', symbol, tf)).toBe('off');
      expect(scoringMode('preview', symbol, tf)).toBe('preview');
    }
  });

  it('distinguishes the timeframe of a symbol', () => {
    expect(rolloutPosition('SPX', '1d')).not.toBe(rolloutPosition('SPX', '1h'));
  });

  it('lists the stages in rollout order with growing shares', () => {
    expect(ROLLOUT_STAGES.map(liveShare)).toEqual([0, 0, 0.1, 0.5, 1]);
  });
});
