import { describe, expect, it } from 'vitest';
import { formatTick, formatValue, isolatedPoints } from './chartData';

describe('isolatedPoints', () => {
  it('marks the values a line cannot draw: no neighbour on either side', () => {
    expect([...isolatedPoints([null, 5, null, 1, 2, null, 3])]).toEqual([1, 6]);
    expect([...isolatedPoints([7])]).toEqual([0]);
    expect([...isolatedPoints([1, 2, 3])]).toEqual([]);
    expect([...isolatedPoints([null, undefined, Number.NaN, 4, Number.NaN])]).toEqual([3]);
  });
});

describe('formatValue', () => {
  it('rounds to the digits asked and names the unit; a gap reads "no data"', () => {
    expect(formatValue(1234.5678, 1, 'ms')).toBe((1234.6).toLocaleString() + ' ms');
    expect(formatValue(0.0049, 2)).toBe((0).toLocaleString());
    expect(formatValue(null, 2, '%')).toBe('no data');
  });
});

describe('formatTick', () => {
  it('reads in the zone given, with the time only when asked', () => {
    const iso = '2020-04-17T04:00:00.000Z';
    expect(formatTick(iso, { withTime: false, timeZone: 'America/New_York' })).toContain('17');
    expect(formatTick(iso, { withTime: false, timeZone: 'Pacific/Kiritimati' })).toContain('17');
    expect(formatTick(iso, { withTime: false, timeZone: 'Pacific/Pago_Pago' })).toContain('16');
    expect(formatTick(iso, { withTime: true, timeZone: 'UTC' })).toContain('04:00');
  });
});
