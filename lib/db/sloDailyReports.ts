import { DAY_MS } from '@/lib/domain/sloDailyReport';
import { appendAudit } from './audit';
import { db, pool } from './client';

// The stored daily SLO reports (slo_daily_reports): one row per UTC day, replaced when the day is
// built again. The list pages newest day first; its cursor is the day as days since 1970-01-01.

export interface StoredReportRow {
  day: string;
  report: unknown;
  version: number;
  createdAt: Date;
  createdBy: string;
}

const epochDay = (day: string) => BigInt(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOfEpoch = (n: bigint) => new Date(Number(n) * DAY_MS).toISOString().slice(0, 10);

/**
 * Writes a day's report, replacing any earlier build of it, in one statement; with `audit`,
 * the audit entry is committed in the same transaction (an operator's build).
 */
export async function upsertSloDailyReport(
  row: StoredReportRow,
  audit?: { action: string; actor: string; details: unknown },
): Promise<StoredReportRow> {
  return db().$transaction(async (tx) => {
    const [saved] = await tx.$queryRaw<StoredReportRow[]>`
      INSERT INTO slo_daily_reports (day, report, version, created_at, created_by)
      VALUES (${row.day}::date, ${JSON.stringify(row.report)}::jsonb, ${row.version}, ${row.createdAt}, ${row.createdBy})
      ON CONFLICT (day) DO UPDATE SET report = EXCLUDED.report, version = EXCLUDED.version,
        created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by
      RETURNING to_char(day, 'YYYY-MM-DD') AS day, report, version, created_at AS "createdAt",
        created_by AS "createdBy"`;
    if (audit) await appendAudit({ ...audit, details: audit.details as object }, tx);
    return saved!;
  });
}

export async function findSloDailyReport(day: string): Promise<StoredReportRow | null> {
  const { rows } = await pool().query<StoredReportRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, report, version, created_at AS "createdAt",
            created_by AS "createdBy"
     FROM slo_daily_reports WHERE day = $1::date`,
    [day],
  );
  return rows[0] ?? null;
}

/** Whether the day's report exists (the leader asks before queueing the daily job). */
export async function hasSloDailyReport(day: string): Promise<boolean> {
  const { rows } = await pool().query('SELECT 1 FROM slo_daily_reports WHERE day = $1::date', [
    day,
  ]);
  return rows.length > 0;
}

export interface SloDailySummaryRow {
  id: bigint;
  day: string;
  version: number;
  createdAt: Date;
  createdBy: string;
  worst: 'fail' | 'warn' | 'pass' | 'noData';
  breaches: number;
  stageChanges: number;
  requests: number;
  errors: number;
  failMinutes: Record<'p95' | 'staleness' | 'err' | 'scoreRate', number>;
}

/**
 * Reports newest day first (the list format, paged by day through the primary key): the
 * summary fields are read out of the stored JSON, so a page never ships whole reports.
 */
export async function listSloDailyReports(filter: {
  limit: number;
  cursor?: string;
  since?: Date;
}): Promise<{ items: SloDailySummaryRow[]; nextCursor: bigint | null }> {
  const cursor = filter.cursor === undefined ? null : BigInt(filter.cursor);
  // Days are 1000-01-01 … 9999-12-31: a cursor past the last pages from the newest, one before
  // the first has nothing older.
  if (cursor !== null && cursor <= FIRST_DAY) return { items: [], nextCursor: null };
  const before = cursor === null || cursor > LAST_DAY ? null : dayOfEpoch(cursor);
  const since = filter.since ? filter.since.toISOString().slice(0, 10) : null;
  const { rows } = await pool().query<Omit<SloDailySummaryRow, 'id'>>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, version, created_at AS "createdAt",
            created_by AS "createdBy", report->>'worst' AS worst,
            (report->'breaches'->>'count')::int AS breaches,
            (report->'stageChanges'->>'count')::int AS "stageChanges",
            (report->'volume'->>'requests')::bigint::float8 AS requests,
            (report->'volume'->>'errors')::bigint::float8 AS errors,
            jsonb_build_object(
              'p95', (report->'gates'->'p95'->>'fail')::int,
              'staleness', (report->'gates'->'staleness'->>'fail')::int,
              'err', (report->'gates'->'err'->>'fail')::int,
              'scoreRate', (report->'gates'->'scoreRate'->>'fail')::int) AS "failMinutes"
     FROM slo_daily_reports
     WHERE ($1::date IS NULL OR day < $1::date) AND ($2::date IS NULL OR day >= $2::date)
     ORDER BY day DESC LIMIT $3`,
    [before, since, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, id: epochDay(r.day) }));
  return { items, nextCursor: rows.length > filter.limit ? items.at(-1)!.id : null };
}

const FIRST_DAY = epochDay('1000-01-01');
const LAST_DAY = epochDay('9999-12-31');
