import { describe, expect, it } from 'vitest';
import { canaryDue, canaryRunning, canaryTarget, parseCanarySetting } from './canary';

describe('parseCanarySetting', () => {
  it('runs by default at 12 a minute and turns off with CANARY=off', () => {
    expect(parseCanarySetting(undefined, undefined)).toEqual({
      ok: true,
      enabled: true,
      ratePerMinute: 12,
    });
    expect(parseCanarySetting('off', undefined)).toMatchObject({ ok: true, enabled: false });
    expect(parseCanarySetting('0', '30')).toEqual({ ok: true, enabled: false, ratePerMinute: 30 });
    expect(parseCanarySetting('on', '0.5')).toEqual({
      ok: true,
      enabled: true,
      ratePerMinute: 0.5,
    });
  });
  it('refuses what it cannot read', () => {
    expect(parseCanarySetting('maybe', undefined)).toMatchObject({ ok: false });
    for (const rate of ['0', '-1', 'fast', '601', 'Infinity'])
      expect(parseCanarySetting(undefined, rate)).toMatchObject({ ok: false });
  });
});

describe('canaryDue', () => {
  it('sends the first at once, then one per interval, keeping the phase', () => {
    expect(canaryDue(null, 1000, 12)).toEqual({ due: true, dueAt: 1000 });
    expect(canaryDue(1000, 5999, 12)).toEqual({ due: false, dueAt: 6000 });
    expect(canaryDue(1000, 6400, 12)).toEqual({ due: true, dueAt: 6000 });
  });
  it('12 a minute over a minute of one-second ticks is 12 requests', () => {
    let last: number | null = null;
    let sent = 0;
    for (let t = 0; t < 60_000; t += 1000) {
      const d = canaryDue(last, t, 12);
      if (d.due) {
        sent += 1;
        last = d.dueAt;
      }
    }
    expect(sent).toBe(12);
  });
  it('never bursts after a pause', () => {
    expect(canaryDue(0, 60_000, 12)).toEqual({ due: true, dueAt: 60_000 });
  });
});

describe('canaryTarget and canaryRunning', () => {
  it('goes round the universe', () => {
    expect([0, 1, 2, 3].map((n) => canaryTarget(['a', 'b', 'c'], n))).toEqual(['a', 'b', 'c', 'a']);
    expect(canaryTarget([], 3)).toBeNull();
  });
  it('is running with a request in the last three intervals', () => {
    const now = new Date(100_000);
    expect(canaryRunning(null, now, 12)).toBe(false);
    expect(canaryRunning(new Date(75_000), now, 12)).toBe(true);
    expect(canaryRunning(new Date(60_000), now, 12)).toBe(false);
  });
});
