import { describe, expect, it } from 'vitest';
import { apiDocument } from '@/lib/openapi/apiDocument';
import { notesOf, schemaRows, typeLabel } from './schemaRows';

const { document } = apiDocument();

describe('schemaRows', () => {
  it('reads the score body as nested fields, required ones marked', () => {
    const body =
      document.paths['/api/ml/score'].post!.requestBody!.content['application/json'].schema;
    const rows = schemaRows(body);
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.name}${r.required ? '*' : ''}`)).toEqual([
      'modelId',
      'feature*',
      '  ts*',
      '  symbol*',
      '  tf*',
      '  o*',
      '  h*',
      '  l*',
      '  c*',
      '  v*',
      '  rsi_14',
      '  macd_hist',
      '  ema_20',
      '  ema_50',
    ]);
    const ts = rows.find((r) => r.name === 'ts')!;
    expect(ts.type).toBe('string (date-time) | integer');
    expect(rows.find((r) => r.name === 'o')!.notes).toEqual(['1e-12 … 1e12']);
    expect(notesOf({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toEqual([
      '≥ 0',
    ]);
    expect(rows.find((r) => r.name === 'feature')!.notes).toContain('no other fields');
  });

  it('labels lists, nullable codecs and records', () => {
    const list =
      document.paths['/api/audit'].get!.responses['200'].content!['application/json'].schema;
    const rows = schemaRows(list);
    expect(rows.slice(0, 3).map((r) => [r.name, r.type])).toEqual([
      ['items', 'object[]'],
      ['id', 'string'],
      ['ts', 'string (date-time)'],
    ]);
    expect(rows.find((r) => r.name === 'nextCursor')!.type).toBe('string | null');
    expect(rows.find((r) => r.name === 'details')!.type).toBe('any JSON');
    expect(typeLabel({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      'record of number',
    );
    expect(
      typeLabel({ type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'null' }] } }),
    ).toBe('(number | null)[]');
  });

  it('keeps short patterns and drops the long date-time one', () => {
    expect(
      notesOf({ type: 'string', pattern: '^[0-9]{1,19}$', description: 'a breach id' }),
    ).toEqual(['pattern ^[0-9]{1,19}$', 'a breach id']);
    expect(notesOf({ type: 'string', format: 'date-time', pattern: 'x'.repeat(200) })).toEqual([]);
    expect(notesOf({ type: 'integer', minimum: 1, maximum: 500, default: 100 })).toEqual([
      '1 … 500',
      'default 100',
    ]);
  });
});
