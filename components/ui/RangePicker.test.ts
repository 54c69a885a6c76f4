import { describe, expect, it } from 'vitest';
import { checkCustomRange, isoToUtcInput, utcInputToIso } from './RangePicker';

describe('absolute range inputs (UTC)', () => {
  it('reads a datetime-local value as UTC and back', () => {
    expect(utcInputToIso('2026-11-01T10:05')).toBe('2026-11-01T10:05:00Z');
    expect(isoToUtcInput('2026-11-01T10:05:00Z')).toBe('2026-11-01T10:05');
    expect(utcInputToIso('')).toBeNull();
    expect(utcInputToIso('yesterday')).toBeNull();
    expect(isoToUtcInput(undefined)).toBe('');
  });
  it('says what is wrong with a range', () => {
    const a = '2026-11-01T00:00:00Z';
    expect(checkCustomRange(a, '2026-11-02T00:00:00Z', 90)).toBeNull();
    expect(checkCustomRange(a, a, 90)).toMatch(/after/);
    expect(checkCustomRange(null, a, 90)).toMatch(/both/);
    expect(checkCustomRange(a, '2027-03-01T00:00:00Z', 90)).toMatch(/90 days/);
  });
});
