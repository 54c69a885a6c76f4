import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { api } from '../support/api';
import { runScript } from '../support/cli';

// Archives end to end on the suite's server: an operator's POST queues a pg-boss job, which a
// worker in this process (the production handler, lib/jobs/workers.ts) builds from the stored
// rows of a day only this file writes to; the ZIP is downloaded over HTTP and read back with
// an independent reader (yauzl, sha256, csv-parse), each count checked against its own SQL.
const operator = { kind: 'session', role: 'operator' } as const;
const viewer = { kind: 'session', role: 'viewer' } as const;
const DAY = { from: '2020-03-01T00:00:00.000Z', to: '2020-03-02T00:00:00.000Z' };
const inDay = (minutes: number) => new Date(Date.parse(DAY.from) + minutes * 60_000);
const TRICKY = 'comma, "quote"\nand a new line';

let pool: typeof import('@/lib/db/client').pool;
let scratch: string;

/** What an archive's SQL source holds in the range, counted independently of the builder. */
const SOURCES: Record<string, [table: string, time: string]> = {
  'audit.csv': ['audit_log', 'ts'],
  'predictions.csv': ['predictions', 'created_at'],
  'outcomes.csv': ['outcomes', 'filled_at'],
  'calibration_maps.csv': ['calibration_maps', 'created_at'],
  'calibration_runs.csv': ['calibration_runs', 'ran_at'],
  'slo_minutes.csv': ['slo_minutes', 'minute'],
  'slo_hours.csv': ['slo_hours', 'hour'],
  'breaches.csv': ['breaches', 'ts'],
  'rollout_changes.csv': ['rollout_changes', 'ts'],
  'score_events.csv': ['score_events', 'ts'],
};

async function storedRows(file: string, from: string, to: string): Promise<number> {
  const [table, time] = SOURCES[file]!;
  const { rows } = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM ${table} WHERE ${time} >= $1 AND ${time} < $2`,
    [from, to],
  );
  return Number(rows[0]!.n);
}

/** Every entry of a ZIP: name → bytes (yauzl, checking each entry's CRC). */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const parts: Buffer[] = [];
          stream.on('data', (p: Buffer) => parts.push(p));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
          stream.on('error', reject);
        }),
      );
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function zipOf(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name);
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (p: Buffer) => parts.push(p));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function untilReady(id: string) {
  for (let i = 0; i < 240; i++) {
    const list = await api('/api/archives?limit=500', { as: viewer });
    const archive = list.body.items.find((a) => a.id === id);
    if (archive?.status === 'ready' || archive?.status === 'failed') return archive;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`archive ${id} was not built in time`);
}

async function downloadAs(url: string) {
  const { sessionCookie } = await import('../support/api');
  return fetch(`${inject('baseUrl')}${url}`, {
    headers: { cookie: await sessionCookie('viewer') },
  });
}

/** Checks a downloaded ZIP against its manifest and the stored rows; returns the manifest. */
async function checkArchive(zipBytes: Buffer, range: { from: string; to: string }) {
  const files = await unzip(zipBytes);
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  const version = await api('/api/ml/version');
  expect(version.status).toBe(200);
  expect({
    buildSha: manifest.buildSha,
    featureVersion: manifest.featureVersion,
    modelVersion: manifest.modelVersion,
    schemaHash: manifest.schemaHash,
  }).toEqual({
    buildSha: version.body.buildSha,
    featureVersion: version.body.featureVersion,
    modelVersion: version.body.modelVersion,
    schemaHash: version.body.schemaHash,
  });
  expect(manifest.range).toEqual({ from: range.from, to: range.to, end: 'exclusive' });
  expect([...files.keys()].sort()).toEqual(
    ['manifest.json', ...manifest.files.map((f: { name: string }) => f.name)].sort(),
  );
  for (const file of manifest.files as { name: string; rows: number; sha256: string }[]) {
    const data = files.get(file.name)!;
    expect(sha256(data), file.name).toBe(file.sha256);
    const records = parse(data, { relax_column_count: false }) as string[][];
    expect(records.length - 1, file.name).toBe(file.rows);
    expect(file.rows, file.name).toBe(await storedRows(file.name, range.from, range.to));
  }
  return { manifest, files };
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject('databaseUrl');
  ({ pool } = await import('@/lib/db/client'));
  // This process stands in for the server's leader and workers: it reports the server's build.
  process.env.BUILD_SHA = (await api('/api/ml/version')).body.buildSha;
  scratch = mkdtempSync(path.join(tmpdir(), 'archives-test-'));
  const q = (text: string, values: unknown[] = []) => pool().query(text, values);
  for (let i = 0; i < 25; i++)
    await q(
      `INSERT INTO audit_log (ts, action, actor, details) VALUES ($1, 'archives.test', 'test', $2)`,
      [inDay(i * 30), JSON.stringify({ i, note: i === 3 ? TRICKY : 'plain' })],
    );
  for (let i = 0; i < 12; i++) {
    const { rows } = await q(
      `INSERT INTO predictions (symbol, tf, horizon, cycle_slot, ts, matures_at, model_id, entry_close,
         score, raw_confidence, confid, decision, ml_bucket, part_rsi, part_macd, part_trend, created_at)
       VALUES ('ARCH', '1h', '4h', $1, $1, $2, 'fusion-v2.0.0', 100.5, 0.31, 0.62, 0.64, 1, 0.6,
         0.1, 0.2, 0.3, $1) RETURNING id`,
      [inDay(i * 60), inDay(i * 60 + 240)],
    );
    if (i < 8)
      await q(
        `INSERT INTO outcomes (prediction_id, close_used, close_ts, realized_return, hit, filled_at,
           model_id, tf, horizon, ts, raw_confidence, confid, decision)
         VALUES ($1, 101, $2, 0.005, true, $2, 'fusion-v2.0.0', '1h', '4h', $3, 0.62, 0.64, 1)`,
        [rows[0].id, inDay(i * 60 + 241), inDay(i * 60)],
      );
  }
  for (let m = 0; m < 90; m++)
    await q(
      `INSERT INTO slo_minutes (minute, count, errors, latency, confid) VALUES ($1, 10, 0, '{1,2,3}', '{4,5}')`,
      [inDay(m)],
    );
  await q(
    `INSERT INTO slo_hours (hour, count, errors, latency, confid) VALUES ($1, 600, 1, '{1,2}', '{3}')`,
    [inDay(0)],
  );
  await q(
    `INSERT INTO rollout_changes (ts, "from", "to", actor, reason) VALUES ($1, 'preview', '0.1', 'test', $2)`,
    [inDay(100), TRICKY],
  );
  await q(
    `INSERT INTO calibration_runs (model_id, tf_family, horizon, ran_at, n_pairs, used_prev, status)
     VALUES ('fusion-v2.0.0', 'intraday', '4h', $1, 150, false, 'too-few-pairs')`,
    [inDay(200)],
  );
  // The build-archive jobs are worked here, by the production handler.
  const { workQueue } = await import('@/lib/jobs/workers');
  await workQueue('build-archive');
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  await pool().end();
  rmSync(scratch, { recursive: true, force: true });
});

const archiveCount = async () =>
  Number((await pool().query<{ n: string }>('SELECT count(*) AS n FROM archives')).rows[0]!.n);

describe('POST /api/archives', () => {
  it('refuses without auth, and a viewer, creating nothing', async () => {
    const before = await archiveCount();
    expect((await api('/api/archives', { body: DAY })).status).toBe(401);
    expect((await api('/api/archives')).status).toBe(401);
    expect((await api('/api/archives/1/download')).status).toBe(401);
    const refused = await api('/api/archives', { body: DAY, as: viewer });
    expect(refused.status).toBe(403);
    expect(await archiveCount()).toBe(before);
  });

  it.each([
    [{ from: DAY.to, to: DAY.from }, 'to'],
    [{ from: DAY.from, to: DAY.from }, 'to'],
    [{ from: '2019-01-01', to: '2020-03-01' }, 'to'],
    [{ from: '2999-01-01', to: '2999-01-02' }, 'from'],
    [{ from: 'yesterday', to: DAY.to }, 'from'],
    [{ from: '10000-01-01', to: DAY.to }, 'from'],
    [{ from: DAY.from }, 'to'],
    [{ ...DAY, extra: 1 }, 'body'],
  ])('refuses %j with a 4xx naming %s, creating nothing', async (body, field) => {
    const before = await archiveCount();
    const reply = await api('/api/archives', { body, as: operator });
    expect(reply.status).toBe(400);
    if (field !== 'body') expect(reply.body._err).toBe(field);
    expect(await archiveCount()).toBe(before);
  });
});

describe('an archive', () => {
  let id: string;
  let zipPath: string;

  it('is queued by an operator, built by the job and listed with its versions', async () => {
    const created = await api('/api/archives', { body: DAY, as: operator });
    expect(created.status).toBe(202);
    expect(created.body.archive.status).toBe('queued');
    id = created.body.archive.id;
    const archive = await untilReady(id);
    expect(archive.status, archive.error ?? '').toBe('ready');
    expect(archive.progress).toBe(1);
    expect(archive.createdBy).toBe('operator@test.local');
    const version = await api('/api/ml/version');
    expect(archive.fileName).toBe(
      `fusion-ops_2020-03-01_2020-03-01_${version.body.featureVersion}_${version.body.modelVersion}_${version.body.buildSha.slice(0, 7)}.zip`,
    );
    const audit = await pool().query(
      `SELECT actor, details FROM audit_log WHERE action = 'archive.create' AND details->>'archiveId' = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      { actor: 'operator@test.local', details: expect.objectContaining({ from: DAY.from }) },
    ]);
  });

  it('downloads over HTTP and verifies with an independent reader against the stored rows', async () => {
    const response = await downloadAs(`/api/archives/${id}/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const archive = (await api('/api/archives?limit=500', { as: viewer })).body.items.find(
      (a) => a.id === id,
    )!;
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${archive.fileName}"`,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(archive.sizeBytes);
    expect(sha256(bytes)).toBe(archive.sha256);
    const { manifest, files } = await checkArchive(bytes, DAY);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
      'audit.csv',
      'predictions.csv',
      'outcomes.csv',
      'calibration_maps.csv',
      'calibration_runs.csv',
      'slo_minutes.csv',
      'slo_hours.csv',
      'breaches.csv',
      'rollout_changes.csv',
    ]);
    const rowsOf = (name: string) =>
      manifest.files.find((f: { name: string }) => f.name === name).rows;
    expect([rowsOf('audit.csv'), rowsOf('predictions.csv'), rowsOf('outcomes.csv')]).toEqual([
      25, 12, 8,
    ]);
    expect(rowsOf('slo_minutes.csv')).toBe(90);
    // A value with a comma, quotes and a line break survives the CSV.
    const changes = parse(files.get('rollout_changes.csv')!, { columns: true }) as Record<
      string,
      string
    >[];
    expect(changes[0]!.reason).toBe(TRICKY);
    zipPath = path.join(scratch, archive.fileName);
    writeFileSync(zipPath, bytes);
  });

  it('passes archive:verify, which fails a tampered, a short and a padded copy', async () => {
    const ok = await runScript('archive-verify.mts', [zipPath]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK       audit.csv  25 rows');
    const original = await unzip(Buffer.from((await import('node:fs')).readFileSync(zipPath)));

    const tampered = new Map(original);
    const audit = tampered.get('audit.csv')!.toString('utf8').replace('plain', 'PLAIN');
    tampered.set('audit.csv', Buffer.from(audit));
    const tamperedPath = path.join(scratch, 'tampered.zip');
    writeFileSync(tamperedPath, await zipOf(tampered));
    const bad = await runScript('archive-verify.mts', [tamperedPath]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL +audit\.csv/);

    const short = new Map(original);
    short.delete('outcomes.csv');
    const shortPath = path.join(scratch, 'short.zip');
    writeFileSync(shortPath, await zipOf(short));
    const missing = await runScript('archive-verify.mts', [shortPath]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/FAIL +outcomes\.csv.*missing/);

    const padded = new Map(original);
    padded.set('extra.csv', Buffer.from('a\r\n1\r\n'));
    const paddedPath = path.join(scratch, 'padded.zip');
    writeFileSync(paddedPath, await zipOf(padded));
    const extra = await runScript('archive-verify.mts', [paddedPath]);
    expect(extra.code).toBe(1);
    expect(extra.stdout).toMatch(/FAIL +extra\.csv.*not in the manifest/);
  });

  it('is rebuilt after a crash mid-build without duplicating a byte', async () => {
    // A build that died half way: status building, a stray chunk of the dead attempt.
    await pool().query(`UPDATE archives SET status = 'building' WHERE id = $1`, [id]);
    await pool().query(
      `INSERT INTO archive_chunks (archive_id, seq, data) VALUES ($1, 99, '\\x00')`,
      [id],
    );
    const { buildArchive } = await import('@/lib/jobs/archives');
    await buildArchive(BigInt(id));
    const { rows } = await pool().query<{ seqs: number[] }>(
      `SELECT array_agg(seq ORDER BY seq) AS seqs FROM archive_chunks WHERE archive_id = $1`,
      [id],
    );
    expect(rows[0]!.seqs).toEqual(rows[0]!.seqs.map((_, i) => i));
    const response = await downloadAs(`/api/archives/${id}/download`);
    await checkArchive(Buffer.from(await response.arrayBuffer()), DAY);
    // A ready archive is left alone by a duplicate job.
    expect(await buildArchive(BigInt(id))).toMatchObject({ skipped: 'ready' });
  });

  it('answers 404 for an unknown archive and 400 for a bad id', async () => {
    const unknown = await api('/api/archives/999999999/download', { as: viewer });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { _err: string })._err).toBe('id');
    const bad = await api('/api/archives/abc/download', { as: viewer });
    expect(bad.status).toBe(400);
    expect((bad.body as { _err: string })._err).toBe('id');
  });
});

describe('the leader', () => {
  it('creates the daily archive of the previous UTC day once, however often it looks', async () => {
    const { ArchiveHousekeeper } = await import('@/lib/jobs/archives');
    const now = new Date();
    await new ArchiveHousekeeper().tick(now);
    await new ArchiveHousekeeper().tick(now);
    const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000 - 86_400_000);
    const { rows } = await pool().query(
      `SELECT id, from_ts, to_ts, created_by FROM archives WHERE key = $1`,
      [`daily:${day.toISOString().slice(0, 10)}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].from_ts).toEqual(day);
    expect(rows[0].created_by).toBe('daily-job');
  });

  it("makes a breach's evidence bundle of its window ± 1 h when the breach is recorded", async () => {
    const { recordSloEvaluation } = await import('@/lib/db/breaches');
    const { TRIGGER_RULES } = await import('@/lib/domain/slo/triggers');
    const { readRollout } = await import('@/lib/db/rollout');
    await readRollout();
    const rule = TRIGGER_RULES.find((r) => r.id === 'p95-15m')!;
    // Three hours ago, so the hour after it has passed; p95's target is preview, which the
    // suite's stage already is: the breach changes no stage.
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000);
    const { breaches } = await recordSloEvaluation({
      evaluations: [{ rule, state: 'breach', observed: { p95: 1700 }, reason: 'archives test' }],
      now: at,
    });
    expect(breaches).toHaveLength(1);
    const breachId = breaches[0]!.id.toString();
    const { rows } = await pool().query(
      `SELECT id, kind, from_ts, to_ts, not_before FROM archives WHERE breach_id = $1`,
      [breachId],
    );
    expect(rows).toHaveLength(1);
    const range = {
      from: new Date(at.getTime() - 15 * 60_000 - 3_600_000).toISOString(),
      to: new Date(at.getTime() + 3_600_000).toISOString(),
    };
    expect(rows[0].from_ts.toISOString()).toBe(range.from);
    expect(rows[0].to_ts.toISOString()).toBe(range.to);
    // Not downloadable before it is built; the leader's sweep queues it, a worker builds it.
    expect((await api(`/api/breaches/${breachId}/evidence`, { as: viewer })).status).toBe(409);
    const { ArchiveHousekeeper } = await import('@/lib/jobs/archives');
    await new ArchiveHousekeeper().tick(new Date());
    const archive = await untilReady(rows[0].id);
    expect(archive.status, archive.error ?? '').toBe('ready');
    expect(archive.kind).toBe('evidence');
    expect(archive.breachId).toBe(breachId);
    const response = await downloadAs(`/api/breaches/${breachId}/evidence`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`fusion-ops_breach-${breachId}_`);
    // Other files of the suite write score events and audit entries now: compare the rows of
    // this window only after the build, which saw them all (they are older than an hour).
    const { manifest } = await checkArchive(Buffer.from(await response.arrayBuffer()), range);
    expect(manifest.breachId).toBe(breachId);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual([
      'score_events.csv',
      'slo_minutes.csv',
      'slo_hours.csv',
      'rollout_changes.csv',
      'audit.csv',
      'breaches.csv',
    ]);
    const breachRows = manifest.files.find((f: { name: string }) => f.name === 'breaches.csv');
    expect(breachRows.rows).toBeGreaterThanOrEqual(1);
    const none = await api(`/api/breaches/999999999/evidence`, { as: viewer });
    expect((none.body as { _err: string })._err).toBe('id');
  });
});
