import { describe, expect, it } from 'vitest';
import { cycleOutcome, planSeries } from './cycle';

const slot = new Date('2026-11-24T10:05:00Z');
const earlier = new Date('2026-11-24T10:00:00Z');
const horizons = ['1d', '3d', '7d', '14d', '30d'];

describe('planSeries', () => {
  it('scores every horizon of a candle without predictions (a new candle)', () => {
    expect(planSeries({ horizons, existing: [], slot })).toEqual({
      kind: 'score',
      horizons,
      written: 0,
    });
  });

  it('leaves a candle an earlier cycle predicted alone (no new candle)', () => {
    const existing = horizons.map((horizon) => ({ horizon, cycleSlot: earlier }));
    expect(planSeries({ horizons, existing, slot })).toEqual({ kind: 'unchanged' });
  });

  it('counts what this slot already wrote, before its leader died, as the slot’s own', () => {
    const existing = horizons.map((horizon) => ({ horizon, cycleSlot: new Date(slot) }));
    expect(planSeries({ horizons, existing, slot })).toEqual({ kind: 'written', written: 5 });
  });

  it('scores only the horizons still missing, keeping what is stored', () => {
    const existing = [
      { horizon: '1d', cycleSlot: earlier },
      { horizon: '3d', cycleSlot: slot },
    ];
    expect(planSeries({ horizons, existing, slot })).toEqual({
      kind: 'score',
      horizons: ['7d', '14d', '30d'],
      written: 1,
    });
  });

  it('ignores stored horizons the instrument no longer has, and repeated horizons', () => {
    const existing = [
      { horizon: '1d', cycleSlot: earlier },
      { horizon: '90d', cycleSlot: earlier },
    ];
    expect(planSeries({ horizons: ['1d', '1d'], existing, slot })).toEqual({ kind: 'unchanged' });
    expect(planSeries({ horizons: ['1d', '3d', '3d'], existing, slot })).toEqual({
      kind: 'score',
      horizons: ['3d'],
      written: 0,
    });
  });
});

describe('cycleOutcome', () => {
  const none = { predictions: 0, scored: 0, unchanged: 0, emptySymbols: [] };

  it('tells new predictions, no new candle, empty output and an empty universe apart', () => {
    expect(cycleOutcome({ ...none, predictions: 5, scored: 1, unchanged: 3 })).toBe(
      'new-predictions',
    );
    expect(cycleOutcome({ ...none, unchanged: 40 })).toBe('no-new-candle');
    expect(cycleOutcome({ ...none, unchanged: 1, emptySymbols: ['NEW/1d'] })).toBe('no-new-candle');
    expect(cycleOutcome({ ...none, emptySymbols: ['NEW/1d'] })).toBe('empty-output');
    expect(cycleOutcome(none)).toBe('no-series');
  });

  it('reads cycles recorded before the counts existed by their predictions', () => {
    expect(cycleOutcome({ ...none, predictions: 200 })).toBe('new-predictions');
  });
});
