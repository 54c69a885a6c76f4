import { describe, expect, it } from 'vitest';
import { cycleSlot, nextCycleAt } from './schedule';

const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();

describe('cycleSlot', () => {
  it('is the start of the epoch-aligned interval', () => {
    expect(iso(cycleSlot(at('2020-03-06T12:07:31.500Z'), 300))).toBe('2020-03-06T12:05:00.000Z');
    expect(iso(cycleSlot(at('2020-03-06T12:59:59.999Z'), 3600))).toBe('2020-03-06T12:00:00.000Z');
    // 7 minutes is not a divisor of an hour: slots follow the epoch, not the clock face.
    expect(cycleSlot(at('2020-03-06T12:07:31Z'), 420).getTime() % 420_000).toBe(0);
  });

  it('is the same for every instant within a slot and changes at its end', () => {
    const a = cycleSlot(at('2020-03-06T12:05:00.000Z'), 300);
    const b = cycleSlot(at('2020-03-06T12:09:59.999Z'), 300);
    expect(b).toEqual(a);
    expect(iso(cycleSlot(at('2020-03-06T12:10:00.000Z'), 300))).toBe('2020-03-06T12:10:00.000Z');
  });

  it('floors before the epoch too', () => {
    expect(iso(cycleSlot(at('1969-12-31T23:57:00Z'), 300))).toBe('1969-12-31T23:55:00.000Z');
  });

  it('rejects an invalid date or interval', () => {
    expect(() => cycleSlot(new Date(NaN), 300)).toThrow(RangeError);
    expect(() => cycleSlot(at('2020-03-06T12:00:00Z'), 0)).toThrow(RangeError);
    expect(() => cycleSlot(at('2020-03-06T12:00:00Z'), -300)).toThrow(RangeError);
    expect(() => cycleSlot(at('2020-03-06T12:00:00Z'), 1.5)).toThrow(RangeError);
    expect(() => cycleSlot(at('2020-03-06T12:00:00Z'), NaN)).toThrow(RangeError);
  });
});

describe('nextCycleAt', () => {
  it('is the start of the following slot', () => {
    expect(iso(nextCycleAt(at('2020-03-06T12:07:31.500Z'), 300))).toBe('2020-03-06T12:10:00.000Z');
  });

  it('is a full interval away when now is exactly on a slot boundary', () => {
    expect(iso(nextCycleAt(at('2020-03-06T12:05:00.000Z'), 300))).toBe('2020-03-06T12:10:00.000Z');
  });

  it('rejects an invalid interval', () => {
    expect(() => nextCycleAt(at('2020-03-06T12:00:00Z'), 0)).toThrow(RangeError);
  });
});
