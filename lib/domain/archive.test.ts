import { describe, expect, it } from 'vitest';
import {
  archiveFileName,
  buildManifest,
  csvField,
  csvLine,
  evidenceWindow,
  previousUtcDay,
  rangeLabel,
  rangeProblem,
  windowMinutes,
} from './archive';

const versions = {
  buildSha: '8b558831c5a3f00d',
  featureVersion: 'v2.0.0',
  modelVersion: 'fusion-v2.0.0',
  schemaHash: 'ab'.repeat(32),
};
const d = (iso: string) => new Date(iso);

describe('CSV encoding', () => {
  it('writes plain values as they are and quotes what needs it (RFC 4180)', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(12n)).toBe('12');
    expect(csvField(true)).toBe('true');
    expect(csvField(d('2026-12-01T09:30:00.123Z'))).toBe('2026-12-01T09:30:00.123Z');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes arrays and JSON as JSON, bigints inside as text', () => {
    expect(csvField([1, 2, 3])).toBe('"[1,2,3]"');
    expect(csvField({ a: 1n, b: 'x' })).toBe('"{""a"":""1"",""b"":""x""}"');
  });

  it('ends each record with CRLF', () => {
    expect(csvLine(['id', 'ts', null, 'x,y'])).toBe('id,ts,,"x,y"\r\n');
  });
});

describe('file name', () => {
  it('carries whole days (the last one included) and the versions', () => {
    expect(
      archiveFileName({ from: d('2026-12-01T00:00:00Z'), to: d('2026-12-02T00:00:00Z') }, versions),
    ).toBe('fusion-ops_2026-12-01_2026-12-01_v2.0.0_fusion-v2.0.0_8b55883.zip');
    expect(
      archiveFileName({ from: d('2026-11-01T00:00:00Z'), to: d('2026-12-01T00:00:00Z') }, versions),
    ).toBe('fusion-ops_2026-11-01_2026-11-30_v2.0.0_fusion-v2.0.0_8b55883.zip');
  });

  it('spells a range that is not whole days to the minute', () => {
    expect(rangeLabel(d('2026-12-01T09:30:00Z'), d('2026-12-01T11:45:00Z'))).toBe(
      '2026-12-01T0930Z_2026-12-01T1145Z',
    );
  });

  it('never puts a path or an odd character in the name', () => {
    const name = archiveFileName(
      { from: d('2026-12-01T00:00:00Z'), to: d('2026-12-02T00:00:00Z') },
      { ...versions, modelVersion: '../x y', buildSha: '' },
    );
    expect(name).toBe('fusion-ops_2026-12-01_2026-12-01_v2.0.0_..-x-y_unknown.zip');
    expect(name).not.toMatch(/[/\\ ]/);
  });
});

describe('manifest', () => {
  const files = [
    { name: 'audit.csv', rows: 2, bytes: 90, sha256: 'a'.repeat(64) },
    { name: 'predictions.csv', rows: 0, bytes: 20, sha256: 'b'.repeat(64) },
  ];

  it('holds the versions, the range, the creation time and each file', () => {
    const manifest = buildManifest({
      kind: 'daily',
      versions,
      from: d('2026-12-01T00:00:00Z'),
      to: d('2026-12-02T00:00:00Z'),
      createdAt: d('2026-12-02T00:00:05Z'),
      files,
    });
    expect(manifest).toEqual({
      format: 'fusion-ops-archive/1',
      kind: 'daily',
      ...versions,
      range: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', end: 'exclusive' },
      createdAt: '2026-12-02T00:00:05.000Z',
      files,
    });
  });

  it('names the breach of an evidence bundle', () => {
    const manifest = buildManifest({
      kind: 'evidence',
      versions,
      from: d('2026-12-01T00:00:00Z'),
      to: d('2026-12-01T02:00:00Z'),
      createdAt: d('2026-12-01T02:00:05Z'),
      breachId: 7n,
      files,
    });
    expect(manifest.breachId).toBe('7');
  });

  it('refuses a file listed twice or named like the manifest', () => {
    const base = { kind: 'manual', versions, from: d('2026-12-01'), to: d('2026-12-02') };
    expect(() =>
      buildManifest({ ...base, createdAt: d('2026-12-02'), files: [files[0]!, files[0]!] }),
    ).toThrow(/twice/);
    expect(() =>
      buildManifest({
        ...base,
        createdAt: d('2026-12-02'),
        files: [{ ...files[0]!, name: 'manifest.json' }],
      }),
    ).toThrow(/twice/);
  });
});

describe('ranges', () => {
  const now = d('2026-12-02T10:00:00Z');
  it('refuses an empty, reversed, too long or future range, naming the field', () => {
    expect(rangeProblem(d('2026-12-01'), d('2026-12-01'), now)?.field).toBe('to');
    expect(rangeProblem(d('2026-12-02'), d('2026-12-01'), now)?.field).toBe('to');
    expect(rangeProblem(d('2025-01-01'), d('2026-12-01'), now)?.field).toBe('to');
    expect(rangeProblem(d('2026-12-03'), d('2026-12-04'), now)?.field).toBe('from');
    expect(rangeProblem(d('2026-11-01'), d('2026-12-01'), now)).toBeNull();
  });

  it('takes the previous UTC day for the daily archive', () => {
    expect(previousUtcDay(d('2026-12-02T00:00:00Z'))).toEqual({
      from: d('2026-12-01T00:00:00Z'),
      to: d('2026-12-02T00:00:00Z'),
    });
    expect(previousUtcDay(d('2026-12-02T23:59:59.999Z')).from).toEqual(d('2026-12-01T00:00:00Z'));
  });

  it("widens a breach's window by the margin on both sides, built after the later one", () => {
    const w = evidenceWindow(d('2026-12-01T12:00:00Z'), 30 * 60_000, 3_600_000);
    expect(w).toEqual({
      from: d('2026-12-01T10:30:00Z'),
      to: d('2026-12-01T13:00:00Z'),
      notBefore: d('2026-12-01T13:00:00Z'),
    });
    expect(windowMinutes('30m')).toBe(30);
    expect(windowMinutes('12h')).toBe(720);
    expect(windowMinutes('x')).toBeNull();
  });
});
