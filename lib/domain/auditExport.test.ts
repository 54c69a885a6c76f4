import { describe, expect, it } from 'vitest';
import { auditCsvFileName, auditCsvHeader, auditCsvLine } from './auditExport';

describe('audit CSV', () => {
  it('writes the header and one line per entry, details as quoted JSON', () => {
    expect(auditCsvHeader()).toBe('id,ts,action,actor,details\r\n');
    expect(
      auditCsvLine({
        id: 42n,
        ts: new Date('2026-11-24T06:07:08.123Z'),
        action: 'ml.score',
        actor: 'internal',
        details: { symbol: 'SPX', note: 'a "quoted", line\nbreak' },
      }),
    ).toBe(
      '42,2026-11-24T06:07:08.123Z,ml.score,internal,"{""symbol"":""SPX"",""note"":""a \\""quoted\\"", line\\nbreak""}"\r\n',
    );
    expect(auditCsvLine({ id: 1n, ts: new Date(0), action: 'a', actor: 'b', details: null })).toBe(
      '1,1970-01-01T00:00:00.000Z,a,b,null\r\n',
    );
  });

  it('names the file by filter and range, keeping only safe characters', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(auditCsvFileName({}, now)).toBe('audit_start_to_2026-12-02.csv');
    expect(
      auditCsvFileName(
        {
          action: 'ml.score',
          actor: 'ops@example.com',
          from: new Date('2026-11-01T00:00:00Z'),
          since: new Date('2026-11-03T00:00:00Z'),
          to: new Date('2026-11-30T23:59:59Z'),
        },
        now,
      ),
    ).toBe('audit_ml.score_ops-example.com_2026-11-03_to_2026-11-30.csv');
    expect(auditCsvFileName({ actor: '../../etc/passwd "x"' }, now)).toBe(
      'audit_..-..-etc-passwd--x-_start_to_2026-12-02.csv',
    );
  });
});
