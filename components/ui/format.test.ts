import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDayIn,
  formatInstant,
  isZoneChoice,
  resolveZone,
  zoneName,
} from './format';

const ISO = '2026-03-09T02:25:00.000Z';

describe('resolveZone', () => {
  it('is UTC by default and without an exchange', () => {
    expect(resolveZone('utc')).toBe('UTC');
    expect(resolveZone('utc', 'America/New_York')).toBe('UTC');
    expect(resolveZone('exchange')).toBe('UTC');
  });
  it("follows the exchange's zone when chosen and known", () => {
    expect(resolveZone('exchange', 'America/New_York')).toBe('America/New_York');
  });
  it("is the browser's own zone (undefined) for local", () => {
    expect(resolveZone('local', 'America/New_York')).toBeUndefined();
  });
  it('never overrides a fixed zone', () => {
    expect(resolveZone('local', undefined, 'UTC')).toBe('UTC');
    expect(resolveZone('exchange', 'Europe/Istanbul', 'UTC')).toBe('UTC');
  });
});

describe('formatInstant', () => {
  it('carries the date and the zone', () => {
    const text = formatInstant(ISO, 'UTC');
    expect(text).toContain('2026');
    expect(text).toContain('UTC');
    expect(text).toMatch(/2:25:00/);
  });
  it('shows the exchange-zone clock (New York is UTC−4 after the DST change)', () => {
    const text = formatInstant(ISO, 'America/New_York');
    expect(text).toMatch(/10:25:00/);
    expect(text).toMatch(/8/); // March 8 in New York
    expect(text).not.toContain('UTC');
  });
  it('is a dash for a missing or invalid moment', () => {
    expect(formatInstant(null, 'UTC')).toBe('—');
    expect(formatInstant('not a date', 'UTC')).toBe('—');
  });
});

describe('formatDayIn', () => {
  it('names the zone of the day', () => {
    expect(formatDayIn('2020-04-17T04:00:00.000Z', 'America/New_York')).toMatch(
      /2020.*\(America\/New_York\)/,
    );
    expect(formatDayIn(null, 'UTC')).toBe('—');
  });
});

describe('zone names and choices', () => {
  it('labels local with the browser zone', () => {
    expect(zoneName('UTC')).toBe('UTC');
    expect(zoneName(undefined)).toMatch(/^local \(.+\)$/);
  });
  it('accepts only the three choices', () => {
    expect(isZoneChoice('utc')).toBe(true);
    expect(isZoneChoice('exchange')).toBe(true);
    expect(isZoneChoice('mars')).toBe(false);
    expect(isZoneChoice(undefined)).toBe(false);
  });
});

describe('formatAgo', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(formatAgo(-5)).toBe('0 s ago');
    expect(formatAgo(12_400)).toBe('12 s ago');
    expect(formatAgo(125_000)).toBe('2 min ago');
    expect(formatAgo(3 * 3_600_000)).toBe('3 h ago');
    expect(formatAgo(5 * 86_400_000)).toBe('5 days ago');
  });
});
