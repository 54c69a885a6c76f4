import { describe, expect, it } from 'vitest';
import {
  csvField,
  PREDICTION_CSV_COLUMNS,
  predictionCsvFileName,
  predictionCsvHeader,
  predictionCsvLine,
  type ExploredPrediction,
} from './predictionExport';

const matured: ExploredPrediction = {
  id: 42n,
  model: 'fusion-v2.0.0',
  symbol: 'SPX',
  tf: '1d',
  ts: new Date('2005-03-01T14:30:00Z'),
  entryClose: 1210.41,
  horizon: '7d',
  score: -0.1234567890123,
  rawConfidence: 0.61,
  confid: 0.64,
  mlBucket: 0.6,
  decision: -1,
  parts: { rsi: 0.5, macd: -0.25, trend: 1 },
  calibration: { id: 7n, version: 3 },
  backfilled: true,
  mode: null,
  liveDecision: null,
  createdAt: new Date('2026-11-24T06:00:00Z'),
  maturesAt: new Date('2005-03-08T14:30:00Z'),
  outcome: {
    closeUsed: 1225.31,
    closeTs: new Date('2005-03-08T14:30:00Z'),
    realizedReturn: 0.0123,
    hit: false,
    filledAt: new Date('2026-11-24T06:01:00Z'),
  },
};

const cells = (line: string) => line.replace(/\r\n$/, '').split(',');

describe('the predictions CSV', () => {
  it('has one header cell per column, and lines with the same cells', () => {
    expect(cells(predictionCsvHeader())).toEqual([...PREDICTION_CSV_COLUMNS]);
    const line = predictionCsvLine(matured);
    expect(line.endsWith('\r\n')).toBe(true);
    const row = Object.fromEntries(PREDICTION_CSV_COLUMNS.map((c, i) => [c, cells(line)[i]]));
    expect(row).toMatchObject({
      id: '42',
      ts: '2005-03-01T14:30:00.000Z',
      score: '-0.1234567890123',
      ml_bucket: '0.6',
      decision: '-1',
      calibration_id: '7',
      calibration_version: '3',
      backfilled: 'true',
      status: 'matured',
      close_used: '1225.31',
      hit: 'false',
    });
  });

  it('writes a pending prediction with empty outcome cells and the identity map', () => {
    const pending = { ...matured, outcome: null, calibration: null, mlBucket: 1 };
    const row = cells(predictionCsvLine(pending));
    expect(row).toHaveLength(PREDICTION_CSV_COLUMNS.length);
    const at = (c: (typeof PREDICTION_CSV_COLUMNS)[number]) =>
      row[PREDICTION_CSV_COLUMNS.indexOf(c)];
    expect([at('status'), at('close_used'), at('hit'), at('filled_at')]).toEqual([
      'pending',
      '',
      '',
      '',
    ]);
    expect([at('calibration_id'), at('calibration_version'), at('ml_bucket')]).toEqual([
      '',
      'identity',
      '1.0',
    ]);
  });

  it('quotes fields that hold a comma, a quote or a line break', () => {
    expect(csvField('fusion,v2')).toBe('"fusion,v2"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(null)).toBe('');
  });

  it('names the file after the series and the candles’ date range', () => {
    const exportedAt = new Date('2026-11-24T09:00:00Z');
    expect(predictionCsvFileName({}, exportedAt)).toBe('predictions_start_to_2026-11-24.csv');
    expect(
      predictionCsvFileName(
        {
          symbol: 'SPX',
          tf: '1d',
          horizon: '7d',
          from: new Date('2005-01-01T00:00:00Z'),
          to: new Date('2005-12-31T23:59:59.999Z'),
        },
        exportedAt,
      ),
    ).toBe('predictions_SPX_1d_7d_2005-01-01_to_2005-12-31.csv');
    expect(predictionCsvFileName({ symbol: 'BRK:B' }, exportedAt)).toBe(
      'predictions_BRK-B_start_to_2026-11-24.csv',
    );
  });
});
