import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import {
  archiveFileName,
  buildManifest,
  csvLine,
  DAY_MS,
  MANIFEST_NAME,
  previousUtcDay,
  type ManifestFile,
} from '@/lib/domain/archive';
import {
  appendChunk,
  archiveVersions,
  beginBuild,
  countSourceRows,
  createAuditedArchive,
  deleteArchivesCreatedBefore,
  dueArchives,
  EVIDENCE_SOURCES,
  failBuild,
  findArchive,
  finishBuild,
  RANGE_SOURCES,
  readSourcePage,
  setProgress,
  type ArchiveSource,
} from '@/lib/db/archives';
import { maturedPerWeek } from '@/lib/db/outcomeStats';
import {
  isoWeekRange,
  weeklyArchiveFileName,
  weeksEndingIn,
  type IsoWeek,
} from '@/lib/domain/weeklyReport';
import { logger } from '@/lib/logging/logger';
import { weeklyCsvPieces } from '@/lib/queries/weeklyReport';
import { enqueue } from './queue';

const log = logger('jobs');

/** Rows read per query while a CSV streams into the ZIP. */
const PAGE_ROWS = 2000;
/** Bytes of the ZIP per stored chunk (a download reads a few per query). */
const CHUNK_BYTES = 1024 * 1024;
const PROGRESS_EVERY_MS = 1000;

/** ARCHIVE_RETENTION_DAYS (default 90): archives created longer ago are deleted by the leader. */
export const archiveRetentionDays = () => {
  const days = Number(process.env.ARCHIVE_RETENTION_DAYS ?? 90);
  return Number.isFinite(days) && days > 0 ? days : 90;
};

/** Queues the build of an archive; at most one job per archive waits or runs (exclusive queue). */
export const enqueueArchiveBuild = (id: bigint) =>
  enqueue('build-archive', { archiveId: id.toString() }, `archive:${id}`);

/**
 * Creates (idempotently, by key; audited) and queues the archive of [from, to). A queue message
 * that cannot be sent now is sent by the leader's sweep: the row says it is queued.
 */
export async function createArchiveRequest(input: {
  key: string;
  kind: 'manual' | 'daily';
  from: Date;
  to: Date;
  createdBy: string;
}) {
  const versions = archiveVersions();
  const result = await createAuditedArchive({
    ...input,
    versions,
    fileName: archiveFileName(input, versions),
  });
  if (result.archive.status === 'queued')
    await enqueueArchiveBuild(result.archive.id).catch((error) =>
      log.warn({ err: error }, `archive ${result.archive.id}: queued by the next sweep`),
    );
  return result;
}

/** Consumes the ZIP's bytes into chunk rows (backpressure: one insert at a time). */
async function storeChunks(output: NodeJS.ReadableStream, id: bigint, token: string) {
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await appendChunk(id, token, seq++, data);
  };
  for await (const piece of output as AsyncIterable<Buffer>) {
    hash.update(piece);
    size += piece.length;
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  return { sizeBytes: size, sha256: hash.digest('hex'), chunks: seq };
}

/** A source's CSV (header, then its rows page by page), counted and hashed as it is produced. */
async function* csvOf(
  source: ArchiveSource,
  range: { from: Date; to: Date },
  file: { rows: number; bytes: number; hash: ReturnType<typeof createHash> },
  onPage: (rows: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  let after: { time: Date; key: string | null } | null = null;
  let first = true;
  for (;;) {
    const page = await readSourcePage(source, range, after, PAGE_ROWS);
    let text = first ? csvLine(page.columns) : '';
    first = false;
    for (const row of page.rows) text += csvLine(row as never[]);
    const bytes = Buffer.from(text, 'utf8');
    file.rows += page.rows.length;
    file.bytes += bytes.length;
    file.hash.update(bytes);
    if (bytes.length > 0) yield bytes;
    await onPage(page.rows.length);
    if (!page.next) return;
    after = page.next;
  }
}

/** A week's weekly CSV (lib/queries/weeklyReport.ts), counted and hashed as it streams. */
async function* weeklyCsvOf(
  week: IsoWeek,
  file: { rows: number; bytes: number; hash: ReturnType<typeof createHash> },
  onPage: (rows: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  for await (const piece of weeklyCsvPieces(isoWeekRange(week))) {
    const bytes = Buffer.from(piece.text, 'utf8');
    file.rows += piece.rows;
    file.bytes += bytes.length;
    file.hash.update(bytes);
    yield bytes;
    if (piece.rows > 0) await onPage(piece.rows);
  }
}

/**
 * Builds archive `id`: counts the rows of each file (for progress), streams each file's CSV
 * into the ZIP page by page while the ZIP's bytes go into chunk rows, then adds manifest.json
 * and marks it ready. A rerun (a retry, or after a crash) starts over under a new token and
 * drops the previous attempt's chunks first, so nothing is lost or stored twice. A ready
 * archive is left alone.
 */
export async function buildArchive(id: bigint, now = new Date()) {
  const archive = await findArchive(id);
  if (!archive) return { archiveId: id.toString(), skipped: 'gone' };
  if (archive.status === 'ready') return { archiveId: id.toString(), skipped: 'ready' };
  const token = await beginBuild(id, now);
  if (!token) return { archiveId: id.toString(), skipped: 'ready' };
  const started = performance.now();
  const range = { from: archive.fromTs, to: archive.toTs };
  const sources = archive.kind === 'evidence' ? EVIDENCE_SOURCES : RANGE_SOURCES;
  // A range archive also carries the weekly CSV of every ISO week that ends inside its range.
  const weeks = archive.kind === 'evidence' ? [] : weeksEndingIn(range.from, range.to);
  const zip = new yazl.ZipFile();
  const stored = storeChunks(zip.outputStream, id, token);
  stored.catch(() => {});
  try {
    let total = 0;
    for (const source of sources) total += await countSourceRows(source, range.from, range.to);
    if (weeks.length > 0) {
      const counts = await maturedPerWeek(
        isoWeekRange(weeks[0]!).from,
        isoWeekRange(weeks.at(-1)!).from,
      );
      for (const n of counts.values()) total += n;
    }
    let done = 0;
    let lastProgress = 0;
    const onPage = async (rows: number) => {
      done += rows;
      const at = performance.now();
      if (total > 0 && at - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = at;
        // The manifest and the last bytes are still to come: 0.99 until ready.
        await setProgress(id, token, Math.min(0.99, done / total));
      }
    };
    const files: ManifestFile[] = [];
    const mtime = archive.createdAt;
    for (const source of sources) {
      const file = { rows: 0, bytes: 0, hash: createHash('sha256') };
      const readable = Readable.from(csvOf(source, range, file, onPage), { objectMode: false });
      zip.addReadStream(readable, source.file, { mtime });
      await Promise.race([
        finished(readable),
        stored.then(() => {
          throw new Error('the ZIP output ended before its files');
        }),
      ]);
      files.push({
        name: source.file,
        rows: file.rows,
        bytes: file.bytes,
        sha256: file.hash.digest('hex'),
      });
    }
    for (const week of weeks) {
      const name = weeklyArchiveFileName(week);
      const file = { rows: 0, bytes: 0, hash: createHash('sha256') };
      const readable = Readable.from(weeklyCsvOf(week, file, onPage), { objectMode: false });
      zip.addReadStream(readable, name, { mtime });
      await Promise.race([
        finished(readable),
        stored.then(() => {
          throw new Error('the ZIP output ended before its files');
        }),
      ]);
      files.push({ name, rows: file.rows, bytes: file.bytes, sha256: file.hash.digest('hex') });
    }
    const manifest = buildManifest({
      kind: archive.kind,
      versions: archive,
      from: range.from,
      to: range.to,
      createdAt: archive.createdAt,
      breachId: archive.breachId,
      files,
    });
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_NAME, { mtime });
    zip.end();
    const result = await stored;
    await finishBuild(id, token, { ...result, manifest, now: new Date() });
    const seconds = Math.round(performance.now() - started) / 1000;
    log.info(
      { archiveId: id.toString(), bytes: result.sizeBytes, rows: done, seconds },
      `archive ${archive.fileName} ready`,
    );
    return { archiveId: id.toString(), bytes: result.sizeBytes, rows: done, seconds };
  } catch (error) {
    zip.outputStream.removeAllListeners();
    (zip.outputStream as unknown as Readable).destroy?.();
    await failBuild(id, token, (error as Error).message, new Date()).catch(() => {});
    throw error;
  }
}

const SWEEP_MS = 10_000;
const RETENTION_EVERY_MS = 3_600_000;
/** A build left `building` this long (its process died, its job expired) is queued again. */
const STUCK_MS = 3_600_000;

/**
 * The leader's archive duties, at most every 10 s: the daily archive of the previous UTC day
 * (created once per day by its key, so several leaders or restarts never make two), queuing
 * archives whose time has come (evidence bundles wait for the hour after their breach; a
 * queue message lost to a crash is sent again: the queue keeps one per archive), and retention.
 */
export class ArchiveHousekeeper {
  private lastSweep = 0;
  private lastRetention = 0;
  private dailyDone = '';

  async tick(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_MS) return;
    this.lastSweep = now.getTime();
    const day = previousUtcDay(now);
    const dayKey = `daily:${day.from.toISOString().slice(0, 10)}`;
    if (this.dailyDone !== dayKey && process.env.ARCHIVE_DAILY !== '0') {
      await createArchiveRequest({ key: dayKey, kind: 'daily', ...day, createdBy: 'daily-job' });
      this.dailyDone = dayKey;
    }
    for (const due of await dueArchives(now)) {
      const stuck =
        due.status === 'building' &&
        due.startedAt !== null &&
        now.getTime() - due.startedAt.getTime() > STUCK_MS;
      if (due.status === 'queued' || stuck) await enqueueArchiveBuild(due.id);
    }
    if (now.getTime() - this.lastRetention >= RETENTION_EVERY_MS) {
      this.lastRetention = now.getTime();
      const removed = await deleteArchivesCreatedBefore(
        new Date(now.getTime() - archiveRetentionDays() * DAY_MS),
      );
      if (removed > 0) log.info({ removed }, `archives: ${removed} past retention removed`);
    }
  }
}
