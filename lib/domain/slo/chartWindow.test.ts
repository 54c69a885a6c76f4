import { describe, expect, it } from 'vitest';
import { chartWindow, MAX_CUSTOM_DAYS } from './chartWindow';

const MIN = 60_000;
const now = new Date('2026-12-02T10:17:30Z');

describe('chartWindow', () => {
  it('keeps the day presets as they were: hour-aligned end, hourly rollups', () => {
    const w = chartWindow('7d', now, MIN);
    expect(w.to.toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(w.to.getTime() - w.from.getTime()).toBe(7 * 86_400_000);
    expect(w).toMatchObject({ stepMinutes: 60, table: 'hours' });
    expect(chartWindow('90d', now, MIN).stepMinutes).toBe(720);
  });
  it('reads the minute rollups for the hour presets', () => {
    const w = chartWindow('1h', now, MIN);
    expect(w.to.toISOString()).toBe('2026-12-02T10:18:00.000Z');
    expect(w.from.toISOString()).toBe('2026-12-02T09:18:00.000Z');
    expect(w).toMatchObject({ stepMinutes: 1, table: 'minutes' });
    expect(chartWindow('24h', now, MIN)).toMatchObject({ stepMinutes: 15, table: 'minutes' });
  });
  it('widens an absolute range to whole steps of at most 200 points', () => {
    const w = chartWindow('custom', now, MIN, {
      from: new Date('2026-11-01T10:20:00Z'),
      to: new Date('2026-11-03T09:10:00Z'),
    });
    expect(w.stepMinutes).toBe(15);
    expect(w.from.toISOString()).toBe('2026-11-01T10:15:00.000Z');
    expect(w.to.toISOString()).toBe('2026-11-03T09:15:00.000Z');
    const long = chartWindow('custom', now, MIN, {
      from: new Date('2026-09-01T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
    });
    expect(
      (long.to.getTime() - long.from.getTime()) / (long.stepMinutes * MIN),
    ).toBeLessThanOrEqual(200);
    expect(long.table).toBe('hours');
  });
  it('refuses an empty, reversed or too long absolute range', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    expect(() => chartWindow('custom', now, MIN, { from: at, to: at })).toThrow(RangeError);
    expect(() =>
      chartWindow('custom', now, MIN, {
        from: at,
        to: new Date(at.getTime() + (MAX_CUSTOM_DAYS + 1) * 86_400_000),
      }),
    ).toThrow(RangeError);
    expect(() => chartWindow('custom', now, MIN)).toThrow(RangeError);
  });
});
