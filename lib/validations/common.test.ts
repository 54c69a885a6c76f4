import { describe, expect, it } from 'vitest';
import { bigintId, instant, instantStrict } from './common';

describe('boundary parsers', () => {
  it('accepts instants PostgreSQL can store and refuses the rest by name', () => {
    expect(instant.parse('2020-01-02').toISOString()).toBe('2020-01-02T00:00:00.000Z');
    for (const bad of ['-004800-01-01T00:00:00Z', '+275760-01-01T00:00:00Z', 'yesterday']) {
      const result = instant.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/ISO-8601/);
    }
    expect(instantStrict.safeParse(8.64e15).success).toBe(false);
    expect(instantStrict.safeParse(1_700_000_000_000).success).toBe(true);
    expect(instantStrict.safeParse('2020-01-02').success).toBe(false);
  });

  it('keeps ids within bigint', () => {
    const id = bigintId('a breach id');
    expect(id.parse('9223372036854775807')).toBe('9223372036854775807');
    expect(id.safeParse('9223372036854775808').success).toBe(false);
    expect(id.safeParse('9999999999999999999').error?.issues[0]?.message).toBe('a breach id');
    expect(id.safeParse('-1').success).toBe(false);
    expect(id.safeParse('abc').error?.issues[0]?.message).toBe('a breach id');
  });
});
