import { describe, expect, it } from 'vitest';
import { formatTick, formatValue, isolatedPoints, placeMarkers } from './chartData';

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

describe('placeMarkers', () => {
  const points = ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'];
  it('puts each marker on the step it falls in and merges a step’s markers', () => {
    expect(
      placeMarkers(points, [
        { t: '2025-12-31T23:00:00Z', label: 'before the chart' },
        { t: '2026-01-01T01:30:00Z', label: 'preview → 0.1' },
        { t: '2026-01-01T01:59:59Z', label: 'err-rate-30m', tone: 'danger' },
        { t: '2026-01-01T00:00:00Z', label: 'at the first step' },
        { t: '2026-01-01T05:00:00Z', label: 'in the last step' },
      ]),
    ).toEqual([
      { x: points[0], labels: ['at the first step'], tone: 'info' },
      { x: points[1], labels: ['preview → 0.1', 'err-rate-30m'], tone: 'danger' },
      { x: points[2], labels: ['in the last step'], tone: 'info' },
    ]);
    expect(placeMarkers([], [{ t: points[0]!, label: 'x' }])).toEqual([]);
  });
});
