// Archives: ZIP files of a time range, one CSV per kind of record plus manifest.json. The pure
// parts: CSV encoding, the file name, the manifest, the range rules and an evidence window.

export const ARCHIVE_FORMAT = 'fusion-ops-archive/1';
export const MANIFEST_NAME = 'manifest.json';
/** The longest range an operator may archive at once. */
export const MAX_ARCHIVE_DAYS = 366;
export const DAY_MS = 86_400_000;

export type CsvValue = string | number | bigint | boolean | Date | null | undefined | object;

/**
 * One CSV field (RFC 4180): null → empty, instants ISO-8601 UTC, numbers unrounded, arrays and
 * objects as JSON; quoted when it holds a comma, quote, CR or LF, or starts or ends with a space.
 */
export function csvField(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    text = String(value);
  else if (value instanceof Uint8Array) text = Buffer.from(value).toString('hex');
  else text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF terminator. */
export const csvLine = (values: readonly CsvValue[]): string =>
  `${values.map(csvField).join(',')}\r\n`;

export interface ArchiveVersions {
  buildSha: string;
  featureVersion: string;
  modelVersion: string;
  schemaHash: string;
}

const isMidnight = (d: Date) => d.getTime() % DAY_MS === 0;
const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 13)}${d.toISOString().slice(14, 16)}Z`;

/**
 * How the range reads in the file name: whole UTC days as `<first day>_<last day>` (both
 * included: one day reads 2026-12-01_2026-12-01), otherwise each end to the minute
 * (`2026-12-01T0930Z`, the end excluded).
 */
export function rangeLabel(from: Date, to: Date): string {
  if (isMidnight(from) && isMidnight(to))
    return `${day(from)}_${day(new Date(to.getTime() - DAY_MS))}`;
  return `${minute(from)}_${minute(to)}`;
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-');

/** `fusion-ops_<from>_<to>_<featureVersion>_<modelVersion>_<sha7>.zip` */
export function archiveFileName(range: { from: Date; to: Date }, v: ArchiveVersions): string {
  const sha7 = safe(v.buildSha || 'unknown').slice(0, 7);
  return `fusion-ops_${rangeLabel(range.from, range.to)}_${safe(v.featureVersion)}_${safe(v.modelVersion)}_${sha7}.zip`;
}

export interface ManifestFile {
  name: string;
  /** Data rows (the header row not counted). */
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest extends ArchiveVersions {
  format: typeof ARCHIVE_FORMAT;
  kind: string;
  range: { from: string; to: string; end: 'exclusive' };
  createdAt: string;
  breachId?: string;
  files: ManifestFile[];
}

export function buildManifest(input: {
  kind: string;
  versions: ArchiveVersions;
  from: Date;
  to: Date;
  createdAt: Date;
  breachId?: bigint | null;
  files: readonly ManifestFile[];
}): Manifest {
  const names = new Set<string>();
  for (const file of input.files) {
    if (file.name === MANIFEST_NAME || names.has(file.name))
      throw new Error(`archive file name used twice: ${file.name}`);
    names.add(file.name);
  }
  const { buildSha, featureVersion, modelVersion, schemaHash } = input.versions;
  return {
    format: ARCHIVE_FORMAT,
    kind: input.kind,
    buildSha,
    featureVersion,
    modelVersion,
    schemaHash,
    range: { from: input.from.toISOString(), to: input.to.toISOString(), end: 'exclusive' },
    createdAt: input.createdAt.toISOString(),
    ...(input.breachId != null ? { breachId: input.breachId.toString() } : {}),
    files: input.files.map(({ name, rows, bytes, sha256 }) => ({ name, rows, bytes, sha256 })),
  };
}

/** Why a requested range cannot be archived (field and message), or null when it can. */
export function rangeProblem(
  from: Date,
  to: Date,
  now: Date,
): { field: 'from' | 'to'; message: string } | null {
  if (from >= to) return { field: 'to', message: 'must be after from' };
  if (to.getTime() - from.getTime() > MAX_ARCHIVE_DAYS * DAY_MS)
    return { field: 'to', message: `at most ${MAX_ARCHIVE_DAYS} days after from` };
  if (from > now) return { field: 'from', message: 'is in the future: nothing to archive yet' };
  return null;
}

/** The UTC day before `now`'s: what the daily archive holds. */
export function previousUtcDay(now: Date): { from: Date; to: Date } {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { from: new Date(to.getTime() - DAY_MS), to };
}

/**
 * An evidence bundle's range: the breach's rule window ending at the breach, widened by
 * `marginMs` (an hour) on both sides; it is built once the hour after the breach has passed.
 */
export function evidenceWindow(breachTs: Date, windowMs: number, marginMs: number) {
  const from = new Date(breachTs.getTime() - windowMs - marginMs);
  const to = new Date(breachTs.getTime() + marginMs);
  return { from, to, notBefore: to };
}

/** A rule window as the breach row spells it (`30m`, `3h`, `12h`) in minutes; null if not. */
export function windowMinutes(window: string): number | null {
  const match = /^(\d{1,5})([mhd])$/.exec(window);
  if (!match) return null;
  return Number(match[1]) * { m: 1, h: 60, d: 1440 }[match[2] as 'm' | 'h' | 'd'];
}
