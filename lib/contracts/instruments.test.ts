import { describe, expect, it } from 'vitest';
import { createInstrumentBody, updateInstrumentBody } from './instruments';

const http = {
  tf: '1h',
  source: 'http',
  baseUrl: 'https://api.binance.com',
  horizons: ['4h', '1d'],
};
const body = { symbol: 'btcusdt', exchangeTz: 'UTC', timeframes: [http] };
const firstPath = (
  value: unknown,
  schema: typeof createInstrumentBody | typeof updateInstrumentBody = createInstrumentBody,
) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0]!.path.join('.');
};

describe('the instruments contract', () => {
  it('takes a live instrument with defaults for polling and history', () => {
    const parsed = createInstrumentBody.parse(body);
    expect(parsed.symbol).toBe('BTCUSDT');
    expect(parsed.active).toBe(true);
    expect(parsed.timeframes[0]).toMatchObject({ pollSeconds: 60, historyLimit: 1000 });
  });

  it('names the field of each refusal', () => {
    expect(firstPath({ ...body, exchangeTz: 'Mars/Olympus' })).toBe('exchangeTz');
    expect(firstPath({ ...body, timeframes: [{ ...http, baseUrl: 'ftp://x' }] })).toBe(
      'timeframes.0.baseUrl',
    );
    expect(firstPath({ ...body, timeframes: [{ ...http, horizons: ['1d', '30m'] }] })).toBe(
      'timeframes.0.horizons.1',
    );
    expect(firstPath({ ...body, timeframes: [http, http] })).toBe('timeframes.1.tf');
    expect(firstPath({ ...body, timeframes: [{ ...http, historyLimit: 5000 }] })).toBe(
      'timeframes.0.historyLimit',
    );
    expect(firstPath({ ...body, timeframes: [{ ...http, pollSeconds: 1 }] })).toBe(
      'timeframes.0.pollSeconds',
    );
    expect(firstPath({ ...body, timeframes: [] })).toBe('timeframes');
    expect(firstPath({}, updateInstrumentBody)).toBe('');
    expect(firstPath({ active: false }, updateInstrumentBody)).toBeNull();
  });
});
