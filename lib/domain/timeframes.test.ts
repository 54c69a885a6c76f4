import { describe, expect, it } from 'vitest';
import { horizonDays } from './horizons';
import {
  isTfFamily,
  primaryHorizon,
  TIMEFRAMES,
  tfFamily,
  timeframeMs,
  timeframesOf,
} from './timeframes';

describe('tfFamily', () => {
  it('puts every intraday timeframe in one family and 1d in another', () => {
    expect(TIMEFRAMES.map((tf) => [tf, tfFamily(tf)])).toEqual([
      ['1m', 'intraday'],
      ['5m', 'intraday'],
      ['15m', 'intraday'],
      ['1h', 'intraday'],
      ['4h', 'intraday'],
      ['1d', 'daily'],
    ]);
  });

  it('lists the timeframes of a family, and knows its family names', () => {
    expect(timeframesOf('intraday')).toEqual(['1m', '5m', '15m', '1h', '4h']);
    expect(timeframesOf('daily')).toEqual(['1d']);
    expect(isTfFamily('daily')).toBe(true);
    expect(isTfFamily('intraday')).toBe(true);
    expect(isTfFamily('1d')).toBe(false);
    expect(isTfFamily(undefined)).toBe(false);
  });
});

describe('primaryHorizon', () => {
  it('maps each timeframe to the documented horizon', () => {
    expect(TIMEFRAMES.map((tf) => [tf, primaryHorizon(tf)])).toEqual([
      ['1m', '15m'],
      ['5m', '1h'],
      ['15m', '1h'],
      ['1h', '4h'],
      ['4h', '1d'],
      ['1d', '1d'],
    ]);
  });

  it('is a valid horizon at least one candle long, and never shorter for a longer timeframe', () => {
    let previous = 0;
    for (const tf of TIMEFRAMES) {
      const ms = horizonDays(primaryHorizon(tf)) * 86_400_000;
      expect(ms).toBeGreaterThanOrEqual(timeframeMs(tf));
      expect(ms).toBeGreaterThanOrEqual(previous);
      previous = ms;
    }
  });

  it('sends a 1h request to an intraday map, not the daily one', () => {
    expect([tfFamily('1h'), primaryHorizon('1h')]).toEqual(['intraday', '4h']);
    expect([tfFamily('1d'), primaryHorizon('1d')]).toEqual(['daily', '1d']);
  });
});
