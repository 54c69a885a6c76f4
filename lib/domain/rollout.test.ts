import { describe, expect, it } from 'vitest';
import {
  deployStageAction,
  liveShare,
  parseStageSetting,
  rolloutPosition,
  ROLLOUT_STAGES,
  scoringMode,
  SETTING_UNSET,
} from './rollout';

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

describe('FEATURE_ML_SCORING', () => {
  it.each([
    ['0', 'off'],
    ['off', 'off'],
    ['OFF', 'off'],
    ['preview', 'preview'],
    [' Preview ', 'preview'],
    ['0.1', '0.1'],
    ['0.5', '0.5'],
    ['1', '1.0'],
    ['1.0', '1.0'],
  ] as const)('reads %j as %s', (value, stage) => {
    expect(parseStageSetting(value)).toEqual({ ok: true, stage });
  });

  it.each([undefined, '', '  '])('reads %j as no setting', (value) => {
    expect(parseStageSetting(value)).toEqual({ ok: true, stage: null });
  });

  it.each(['0.25', '1.5', 'on', 'true', 'false', '0.0', '.5', '100%', 'live'])(
    'refuses %j, naming the accepted values',
    (value) => {
      const parsed = parseStageSetting(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain('use 0 or off, preview, 0.1, 0.5, 1 or 1.0');
    },
  );
});

describe('deployStageAction', () => {
  it('applies a value that differs from the one recorded at the last boot', () => {
    expect(deployStageAction({ setting: 'off', lastApplied: '0.5', current: '0.5' })).toEqual({
      apply: 'off',
      record: 'off',
    });
    expect(
      deployStageAction({ setting: 'off', lastApplied: SETTING_UNSET, current: '1.0' }),
    ).toEqual({ apply: 'off', record: 'off' });
    // Also upwards: the deploy says so.
    expect(deployStageAction({ setting: '0.5', lastApplied: 'preview', current: 'off' })).toEqual({
      apply: '0.5',
      record: '0.5',
    });
  });

  it('leaves the stage alone when the value is unchanged (an operator change survives)', () => {
    expect(deployStageAction({ setting: 'off', lastApplied: 'off', current: '0.5' })).toEqual({
      apply: null,
      record: 'off',
    });
  });

  it('records an unset value without applying anything', () => {
    expect(deployStageAction({ setting: null, lastApplied: 'off', current: '0.5' })).toEqual({
      apply: null,
      record: SETTING_UNSET,
    });
  });

  it('has nothing to apply when the stage already is the setting', () => {
    expect(deployStageAction({ setting: '0.5', lastApplied: 'off', current: '0.5' })).toEqual({
      apply: null,
      record: '0.5',
    });
  });

  it('with no recorded value, applies only a lower stage, never promotes by surprise', () => {
    expect(deployStageAction({ setting: 'off', lastApplied: null, current: '0.5' })).toEqual({
      apply: 'off',
      record: 'off',
    });
    expect(deployStageAction({ setting: '1.0', lastApplied: null, current: 'off' })).toEqual({
      apply: null,
      record: '1.0',
    });
  });
});
