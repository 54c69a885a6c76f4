import { describe, expect, it } from 'vitest';
import { feedStaleness, staleAfterMs } from './feedFreshness';

const at = (iso: string) => new Date(iso);

describe('feedStaleness', () => {
  it('allows three periods (the open candle, its close, one late one)', () => {
    expect(staleAfterMs('1m')).toBe(180_000);
    expect(feedStaleness('1m', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:02:59Z'))?.stale).toBe(
      false,
    );
    expect(feedStaleness('1m', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:03:01Z'))?.stale).toBe(
      true,
    );
  });
  it('lets a daily series rest over a long weekend', () => {
    const friday = at('2026-04-03T00:00:00Z');
    expect(feedStaleness('1d', friday, at('2026-04-07T12:00:00Z'))?.stale).toBe(false);
    expect(feedStaleness('1d', friday, at('2026-04-10T00:00:00Z'))?.stale).toBe(true);
  });
  it('says nothing of an unknown timeframe', () => {
    expect(feedStaleness('2w', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBeNull();
  });
});
