import { randomUUID } from 'node:crypto';
import { versionInfo } from '@/lib/buildInfo';
import type { ArchiveVersions } from '@/lib/domain/archive';
import { appendAudit } from './audit';
import { db, pool, type Queryable } from './client';
import { Prisma, type Archive } from './generated/prisma/client';
import { keysetPage, olderThan } from './keyset';

// The archives aggregate: each archive's row (range, versions, status, progress, manifest) and
// its bytes in `archive_chunks`; and the paged reads of the records an archive holds.

export type ArchiveKind = 'manual' | 'daily' | 'evidence';
export type ArchiveRow = Omit<Archive, 'buildToken'>;

const PUBLIC_FIELDS = {
  id: true,
  key: true,
  kind: true,
  fromTs: true,
  toTs: true,
  status: true,
  progress: true,
  fileName: true,
  buildSha: true,
  featureVersion: true,
  modelVersion: true,
  schemaHash: true,
  createdBy: true,
  createdAt: true,
  notBefore: true,
  startedAt: true,
  finishedAt: true,
  sizeBytes: true,
  sha256: true,
  manifest: true,
  error: true,
  breachId: true,
} satisfies Prisma.ArchiveSelect;

/**
 * The versions an archive made by this process carries (as GET /api/ml/version reports them);
 * a process outside the Next.js build (a script) that was given no BUILD_SHA says `unknown`.
 */
export const archiveVersions = (): ArchiveVersions => {
  const v = versionInfo();
  return { ...v, buildSha: v.buildSha ?? 'unknown' };
};

export interface NewArchive {
  key: string;
  kind: ArchiveKind;
  from: Date;
  to: Date;
  fileName: string;
  versions: ArchiveVersions;
  createdBy: string;
  notBefore?: Date;
  breachId?: bigint;
}

/**
 * Creates the archive's row unless one with the same key exists (a daily archive of a day, the
 * evidence of a breach): `created` says which. The caller then queues its build.
 */
export async function createArchive(
  input: NewArchive,
  tx: Prisma.TransactionClient = db(),
): Promise<{ archive: ArchiveRow; created: boolean }> {
  const existing = await tx.archive.findUnique({
    where: { key: input.key },
    select: PUBLIC_FIELDS,
  });
  if (existing) return { archive: existing, created: false };
  const rows = await tx.archive.createManyAndReturn({
    data: {
      key: input.key,
      kind: input.kind,
      fromTs: input.from,
      toTs: input.to,
      fileName: input.fileName,
      ...input.versions,
      createdBy: input.createdBy,
      notBefore: input.notBefore ?? new Date(),
      breachId: input.breachId ?? null,
    },
    skipDuplicates: true,
    select: PUBLIC_FIELDS,
  });
  if (rows[0]) return { archive: rows[0], created: true };
  // Another process created it between the two statements.
  return {
    archive: await tx.archive.findUniqueOrThrow({
      where: { key: input.key },
      select: PUBLIC_FIELDS,
    }),
    created: false,
  };
}

/** createArchive and, when it created one, its `archive.create` audit entry, in one transaction. */
export const createAuditedArchive = (input: NewArchive) =>
  db().$transaction(async (tx) => {
    const result = await createArchive(input, tx);
    if (result.created)
      await appendAudit(
        {
          action: 'archive.create',
          actor: input.createdBy,
          details: {
            archiveId: result.archive.id.toString(),
            kind: input.kind,
            from: input.from.toISOString(),
            to: input.to.toISOString(),
            fileName: input.fileName,
          },
        },
        tx,
      );
    return result;
  });

export const findArchive = (id: bigint) =>
  db().archive.findUnique({ where: { id }, select: PUBLIC_FIELDS });

export const findEvidenceArchive = (breachId: bigint) =>
  db().archive.findUnique({ where: { breachId }, select: PUBLIC_FIELDS });

/** Newest first, paged by id (lib/db/keyset.ts). */
export async function listArchives(filter: {
  since?: Date;
  kind?: ArchiveKind;
  status?: string;
  limit: number;
  cursor?: string;
}) {
  const rows = await db().archive.findMany({
    where: {
      createdAt: filter.since ? { gte: filter.since } : undefined,
      kind: filter.kind,
      status: filter.status,
      id: olderThan(filter.cursor),
    },
    orderBy: { id: 'desc' },
    take: filter.limit + 1,
    select: PUBLIC_FIELDS,
  });
  return keysetPage(rows, filter.limit);
}

/** Archives due to be built (queued, or left building by a process that died), oldest first. */
export const dueArchives = (now: Date, limit = 50) =>
  db().archive.findMany({
    where: { status: { in: ['queued', 'building'] }, notBefore: { lte: now } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, status: true, startedAt: true },
  });

/**
 * Starts a build attempt: drops the chunks of any earlier attempt and stamps a fresh token in
 * one transaction. Null when the archive is gone or already ready (nothing to do).
 */
export async function beginBuild(id: bigint, now: Date): Promise<string | null> {
  const token = randomUUID();
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status FROM archives WHERE id = ${id} FOR UPDATE`;
    if (!row || row.status === 'ready') return null;
    await tx.archiveChunk.deleteMany({ where: { archiveId: id } });
    await tx.archive.update({
      where: { id },
      data: {
        status: 'building',
        buildToken: token,
        startedAt: now,
        finishedAt: null,
        progress: 0,
        error: null,
        sizeBytes: null,
        sha256: null,
        manifest: Prisma.DbNull,
      },
    });
    return token;
  });
}

/** Appends one chunk of the attempt `token`; fails if another attempt took the archive over. */
export async function appendChunk(id: bigint, token: string, seq: number, data: Buffer) {
  const result = await pool().query(
    `INSERT INTO archive_chunks (archive_id, seq, data)
     SELECT $1, $2, $3 FROM archives WHERE id = $1 AND build_token = $4 AND status = 'building'`,
    [id.toString(), seq, data, token],
  );
  if (result.rowCount !== 1) throw new Error(`archive ${id}: the build was taken over or removed`);
}

export async function setProgress(id: bigint, token: string, progress: number) {
  await pool().query(`UPDATE archives SET progress = $3 WHERE id = $1 AND build_token = $2`, [
    id.toString(),
    token,
    Math.min(1, Math.max(0, progress)),
  ]);
}

/** Marks the attempt's archive ready with its size, sha256 and manifest. */
export async function finishBuild(
  id: bigint,
  token: string,
  result: { sizeBytes: number; sha256: string; manifest: object; now: Date },
) {
  const updated = await pool().query(
    `UPDATE archives SET status = 'ready', progress = 1, size_bytes = $3, sha256 = $4,
            manifest = $5::jsonb, finished_at = $6
      WHERE id = $1 AND build_token = $2 AND status = 'building'`,
    [
      id.toString(),
      token,
      result.sizeBytes,
      result.sha256,
      JSON.stringify(result.manifest),
      result.now,
    ],
  );
  if (updated.rowCount !== 1) throw new Error(`archive ${id}: the build was taken over or removed`);
}

/** Records a failed attempt (its chunks dropped); the job's retry begins a new attempt. */
export async function failBuild(id: bigint, token: string, message: string, now: Date) {
  await db().$transaction(async (tx) => {
    await tx.archiveChunk.deleteMany({ where: { archiveId: id } });
    await tx.archive.updateMany({
      where: { id, buildToken: token },
      data: { status: 'failed', error: message.slice(0, 2000), finishedAt: now },
    });
  });
}

/** Puts a failed archive back in the queue (its job gave up after its retries). */
export const requeueArchive = (id: bigint) =>
  db().archive.updateMany({
    where: { id, status: 'failed' },
    data: { status: 'queued', error: null, progress: 0 },
  });

/** Chunks from `seq` on, `count` at a time: what a download streams. */
export async function readChunks(id: bigint, fromSeq: number, count: number) {
  const { rows } = await pool().query<{ seq: number; data: Buffer }>(
    `SELECT seq, data FROM archive_chunks WHERE archive_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
    [id.toString(), fromSeq, count],
  );
  return rows;
}

/** Removes archives created before `before` (retention); their chunks go with them. */
export async function deleteArchivesCreatedBefore(before: Date): Promise<number> {
  const { count } = await db().archive.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}

// ---------------------------------------------------------------------------------------------
// The records an archive holds: each file a table's rows whose time column falls in the range,
// read page by page in (time, key) order through an index, never all at once.

export interface ArchiveSource {
  file: string;
  table: string;
  /** The column the range applies to. */
  time: string;
  /** A unique column that orders rows of the same instant (null when `time` is the key). */
  key: string | null;
}

const SOURCES = {
  audit: { file: 'audit.csv', table: 'audit_log', time: 'ts', key: 'id' },
  predictions: { file: 'predictions.csv', table: 'predictions', time: 'created_at', key: 'id' },
  outcomes: { file: 'outcomes.csv', table: 'outcomes', time: 'filled_at', key: 'prediction_id' },
  calibrationMaps: {
    file: 'calibration_maps.csv',
    table: 'calibration_maps',
    time: 'created_at',
    key: 'id',
  },
  calibrationRuns: {
    file: 'calibration_runs.csv',
    table: 'calibration_runs',
    time: 'ran_at',
    key: 'id',
  },
  sloMinutes: { file: 'slo_minutes.csv', table: 'slo_minutes', time: 'minute', key: null },
  sloHours: { file: 'slo_hours.csv', table: 'slo_hours', time: 'hour', key: null },
  breaches: { file: 'breaches.csv', table: 'breaches', time: 'ts', key: 'id' },
  rolloutChanges: {
    file: 'rollout_changes.csv',
    table: 'rollout_changes',
    time: 'ts',
    key: 'id',
  },
  scoreEvents: { file: 'score_events.csv', table: 'score_events', time: 'ts', key: 'id' },
} as const satisfies Record<string, ArchiveSource>;

/** A range archive (manual or daily): the files SPEC §7 and issue 11 name. */
export const RANGE_SOURCES: readonly ArchiveSource[] = [
  SOURCES.audit,
  SOURCES.predictions,
  SOURCES.outcomes,
  SOURCES.calibrationMaps,
  SOURCES.calibrationRuns,
  SOURCES.sloMinutes,
  SOURCES.sloHours,
  SOURCES.breaches,
  SOURCES.rolloutChanges,
];

/** A breach's evidence: score events, SLO rollups, stage changes, audit entries, breaches. */
export const EVIDENCE_SOURCES: readonly ArchiveSource[] = [
  SOURCES.scoreEvents,
  SOURCES.sloMinutes,
  SOURCES.sloHours,
  SOURCES.rolloutChanges,
  SOURCES.audit,
  SOURCES.breaches,
];

export async function countSourceRows(
  source: ArchiveSource,
  from: Date,
  to: Date,
  q: Queryable = pool(),
): Promise<number> {
  const { rows } = await q.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${source.table} WHERE ${source.time} >= $1 AND ${source.time} < $2`,
    [from, to],
  );
  return Number(rows[0]!.n);
}

export interface SourcePage {
  columns: string[];
  rows: unknown[][];
  /** Where the next page starts; null after the last page. */
  next: { time: Date; key: string | null } | null;
}

/** One page of a source's rows in [from, to), after `after`, in (time, key) order. */
export async function readSourcePage(
  source: ArchiveSource,
  range: { from: Date; to: Date },
  after: { time: Date; key: string | null } | null,
  limit: number,
  q: Queryable = pool(),
): Promise<SourcePage> {
  const { table, time, key } = source;
  const order = key ? `${time}, ${key}` : time;
  const params: unknown[] = [range.from, range.to, limit + 1];
  let cursor = '';
  if (after) {
    if (key) {
      params.push(after.time, after.key);
      cursor = `AND (${time}, ${key}) > ($4, $5)`;
    } else {
      params.push(after.time);
      cursor = `AND ${time} > $4`;
    }
  }
  const result = await q.query({
    text: `SELECT * FROM ${table} WHERE ${time} >= $1 AND ${time} < $2 ${cursor} ORDER BY ${order} LIMIT $3`,
    values: params,
    rowMode: 'array',
  });
  const columns = result.fields.map((f) => f.name);
  const rows = result.rows as unknown[][];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const timeIndex = columns.indexOf(time);
  const keyIndex = key ? columns.indexOf(key) : -1;
  const last = page.at(-1);
  return {
    columns,
    rows: page,
    next:
      more && last
        ? {
            time: last[timeIndex] as Date,
            key: keyIndex >= 0 ? String(last[keyIndex]) : null,
          }
        : null,
  };
}
