import { describe, expect, it } from 'vitest';
import {
  feedHealth,
  horizonMs,
  horizonsShorterThan,
  isLiveSource,
  klinesBaseUrlProblem,
} from './instruments';

const NOW = new Date('2026-12-02T12:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);
const live = { active: true, source: 'http', backfillState: 'done' };

describe('horizons against the timeframe', () => {
  it('refuses a horizon shorter than one candle, and keeps equal or longer ones', () => {
    expect(horizonMs('15m')).toBe(900_000);
    expect(horizonMs('1d')).toBe(86_400_000);
    expect(horizonsShorterThan('1h', ['15m', '30m', '1h', '4h', '1d'])).toEqual(['15m', '30m']);
    expect(horizonsShorterThan('1d', ['4h', '1d', '30d'])).toEqual(['4h']);
    expect(horizonsShorterThan('1m', ['1m', '15m'])).toEqual([]);
  });
});

describe('klines base URLs', () => {
  it('takes absolute http(s) URLs only, without credentials, query or fragment', () => {
    expect(klinesBaseUrlProblem('https://api.binance.com')).toBeNull();
    expect(klinesBaseUrlProblem('http://127.0.0.1:8080/proxy')).toBeNull();
    expect(klinesBaseUrlProblem('ftp://example.com')).toBe('must be http(s)');
    expect(klinesBaseUrlProblem('file:///etc/passwd')).toBe('must be http(s)');
    expect(klinesBaseUrlProblem('javascript:alert(1)')).toBe('must be http(s)');
    expect(klinesBaseUrlProblem('api.binance.com')).toBe('not an absolute URL');
    expect(klinesBaseUrlProblem('https://user:pw@example.com')).toBe('must not carry credentials');
    expect(klinesBaseUrlProblem('https://example.com/?a=1')).toBe(
      'must not have a query or fragment',
    );
  });
});

describe('feed health', () => {
  it('is ok within the staleness gate, stale past its fail band', () => {
    expect(feedHealth({ ...live, lastSuccessAt: ago(10), lastErrorAt: null }, NOW)).toEqual({
      status: 'ok',
      staleness: 10,
      gate: 'pass',
      flagged: false,
    });
    expect(feedHealth({ ...live, lastSuccessAt: ago(45), lastErrorAt: null }, NOW)).toMatchObject({
      status: 'ok',
      gate: 'warn',
      flagged: false,
    });
    expect(feedHealth({ ...live, lastSuccessAt: ago(61), lastErrorAt: null }, NOW)).toMatchObject({
      status: 'stale',
      gate: 'fail',
      flagged: true,
    });
  });

  it('is failing while the latest attempt failed, and recovers with the next success', () => {
    expect(feedHealth({ ...live, lastSuccessAt: ago(20), lastErrorAt: ago(5) }, NOW)).toMatchObject(
      { status: 'failing', staleness: 20, flagged: true },
    );
    expect(feedHealth({ ...live, lastSuccessAt: ago(1), lastErrorAt: ago(5) }, NOW)).toMatchObject({
      status: 'ok',
      flagged: false,
    });
  });

  it('says backfilling, backfill-failed, import and inactive where nothing is polled yet or at all', () => {
    const none = { lastSuccessAt: null, lastErrorAt: null };
    expect(feedHealth({ ...live, backfillState: 'queued', ...none }, NOW).status).toBe(
      'backfilling',
    );
    expect(feedHealth({ ...live, backfillState: 'running', ...none }, NOW).status).toBe(
      'backfilling',
    );
    expect(feedHealth({ ...live, backfillState: 'failed', ...none }, NOW)).toMatchObject({
      status: 'backfill-failed',
      flagged: true,
    });
    expect(
      feedHealth({ active: true, source: 'csv', backfillState: 'none', ...none }, NOW),
    ).toEqual({ status: 'import', staleness: null, gate: 'n/a', flagged: false });
    expect(
      feedHealth({ ...live, active: false, lastSuccessAt: ago(9999), lastErrorAt: ago(1) }, NOW),
    ).toEqual({ status: 'inactive', staleness: null, gate: 'n/a', flagged: false });
    // A feed row from before the configuration (the demo's replay) is live too.
    expect(
      feedHealth(
        {
          active: true,
          source: 'replay',
          backfillState: null,
          lastSuccessAt: ago(3),
          lastErrorAt: null,
        },
        NOW,
      ).status,
    ).toBe('ok');
  });

  it('knows which sources are polled', () => {
    expect(['http', 'replay', 'csv', 'other'].map(isLiveSource)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
