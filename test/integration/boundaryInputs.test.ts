import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, type Caller } from '../support/api';
import { SOME_INDICATORS, SPX_LAST_CANDLE, storedScoreRows } from '../support/scoreFeatures';

// The probes that reached PostgreSQL as a 500 (issue 12): each is now a 4xx naming the field.
const operator: Caller = { kind: 'session', role: 'operator' };
const BEFORE_4713_BC = '-004800-01-01T00:00:00Z';

beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});

describe('inputs outside what PostgreSQL can hold', () => {
  it('a score ts past the largest Date is refused and counts against no SLO', async () => {
    const before = await storedScoreRows();
    for (const ts of [8.64e15, 8.64e15 + 1, 9e15]) {
      const response = await api('/api/ml/score', {
        body: { feature: { ...SPX_LAST_CANDLE, ...SOME_INDICATORS, ts } },
        as: operator,
      });
      expect([response.status, response.body._err]).toEqual([400, 'feature.ts']);
    }
    expect(await storedScoreRows()).toEqual(before);
  });

  it.each([
    ['/api/candles?symbol=SPX&tf=1d&from=', 'from'],
    ['/api/candles?symbol=SPX&tf=1d&to=', 'to'],
    ['/api/features?symbol=SPX&tf=1d&from=', 'from'],
    ['/api/features?symbol=SPX&tf=1d&to=', 'to'],
    ['/api/breaches?since=', 'since'],
  ])('a date before 4713 BC in %s is a 400 naming %s', async (path, field) => {
    const response = await api(`${path}${encodeURIComponent(BEFORE_4713_BC)}`, { as: operator });
    expect([response.status, response.body._err]).toEqual([400, field]);
  });

  it('the audit list refuses a since before 4713 BC and a cursor past bigint', async () => {
    const since = await api('/api/audit/list', {
      body: { limit: 5, since: BEFORE_4713_BC },
      as: operator,
    });
    expect([since.status, since.body._err]).toEqual([400, 'since']);
    for (const cursor of ['9223372036854775808', '99999999999999999999', 'not-a-cursor']) {
      const response = await api('/api/audit/list', { body: { limit: 5, cursor }, as: operator });
      expect([response.status, response.body._err]).toEqual([400, 'cursor']);
    }
  });

  it('acknowledging a breach id past bigint, or not a number, is a 400 naming id', async () => {
    for (const id of ['9999999999999999999', '10000-01-01', '1e3']) {
      const response = await api(`/api/breaches/${id}/ack`, { method: 'POST', as: operator });
      expect([response.status, response.body._err]).toEqual([400, 'id']);
    }
  });
});
