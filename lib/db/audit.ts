import { db, inTransaction, type Queryable } from './client';
import type { Prisma } from './generated/prisma/client';
import type { Page } from './keyset';

export interface AuditEntry {
  action: string;
  actor: string;
  details: Prisma.InputJsonValue;
}

/** The audit log is append-only: this module has no update or delete, and a trigger enforces it. */
export const appendAudit = (entry: AuditEntry, tx: Prisma.TransactionClient = db()) =>
  tx.auditLog.create({ data: entry });

export interface StoredAuditEntry {
  id: bigint;
  ts: Date;
  action: string;
  actor: string;
  details: unknown;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** At or after (both bounds apply when given). */
  since?: Date;
  from?: Date;
  /** At or before. */
  to?: Date;
  /** Case-insensitive text in the details' JSON. */
  q?: string;
  id?: string;
  /**
   * Actions an `actor` filter must not match: entries whose actor the caller may not read
   * (lib/queries/auditVisibility.ts), so a filter cannot confirm what is hidden.
   */
  actorHiddenFor?: readonly string[];
}

/**
 * At most this many entries (those matching every filter but the text) are read per request
 * when searching the details' text: a page then holds the matches among them, and its
 * nextCursor continues the search after the last entry read, so no request reads the whole log.
 */
export const AUDIT_TEXT_SCAN = 10_000;

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Row {
  entry_id: string;
  ts: Date;
  action: string;
  actor: string;
  details: unknown;
}

const entry = ({ entry_id, ...r }: Row): StoredAuditEntry => ({ ...r, id: BigInt(entry_id) });

/** The WHERE clause of a filter and of the page after `after` (the previous page's last entry). */
function auditWhere(filter: AuditFilter, after: { ts: Date; id: string } | undefined) {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.id !== undefined) conditions.push(`id = ${param(filter.id)}::bigint`);
  if (filter.action !== undefined) conditions.push(`action = ${param(filter.action)}`);
  if (filter.actor !== undefined) {
    conditions.push(`actor = ${param(filter.actor)}`);
    if (filter.actorHiddenFor?.length)
      conditions.push(`action <> ALL(${param(filter.actorHiddenFor)}::text[])`);
  }
  for (const lower of [filter.since, filter.from])
    if (lower !== undefined) conditions.push(`ts >= ${param(lower)}`);
  if (filter.to !== undefined) conditions.push(`ts <= ${param(filter.to)}`);
  if (after !== undefined) {
    // (ts, id) < (after.ts, after.id), spelt so that an index on ts bounds the read.
    const ts = param(after.ts);
    conditions.push(`ts <= ${ts} AND (ts < ${ts} OR id < ${param(after.id)}::bigint)`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params, param };
}

// The text id under its own name: ORDER BY id must mean the bigint column, not this text.
const COLUMNS = 'id::text AS entry_id, ts, action, actor, details';
const ORDER = 'ORDER BY ts DESC, id DESC';

/**
 * One page of the audit log matching the filter, newest first by time (then id), keyset-paged:
 * `cursor` is the previous page's nextCursor, the id of the last entry it covered. Each filter
 * but the text has an index leading with it and then ts ((action, ts, id), (actor, ts, id), ts),
 * so a page reads about `limit` entries. With a text (`q`), the details of at most
 * AUDIT_TEXT_SCAN entries are searched per request: a page may then hold fewer than `limit`
 * matches (even none) and still have a nextCursor, where the search goes on.
 */
export async function listAudit(
  filter: AuditFilter & { limit: number; cursor?: string },
): Promise<Page<StoredAuditEntry>> {
  const run = async (q: Queryable): Promise<Page<StoredAuditEntry>> => {
    let after: { ts: Date; id: string } | undefined;
    if (filter.cursor !== undefined) {
      const found = await q.query<{ ts: Date }>('SELECT ts FROM audit_log WHERE id = $1::bigint', [
        filter.cursor,
      ]);
      // A cursor that is no entry's id ends the list (nextCursor is only ever an entry's id).
      if (found.rows.length === 0) return { items: [], nextCursor: null };
      after = { ts: found.rows[0]!.ts, id: filter.cursor };
    }
    const { where, params, param } = auditWhere(filter, after);
    if (filter.q === undefined) {
      const { rows } = await q.query<Row>(
        `SELECT ${COLUMNS} FROM audit_log ${where} ${ORDER} LIMIT ${param(filter.limit + 1)}`,
        params,
      );
      const items = rows.slice(0, filter.limit).map(entry);
      return { items, nextCursor: rows.length > filter.limit ? items.at(-1)!.id : null };
    }
    const scan = param(AUDIT_TEXT_SCAN);
    const pattern = param(likePattern(filter.q));
    const limit = param(filter.limit + 1);
    const { rows } = await q.query<Row>(
      `SELECT ${COLUMNS} FROM (
         SELECT id, ts, action, actor, details FROM audit_log ${where} ${ORDER} LIMIT ${scan}
       ) window_read
       WHERE details::text ILIKE ${pattern}
       ${ORDER} LIMIT ${limit}`,
      params,
    );
    const items = rows.slice(0, filter.limit).map(entry);
    if (rows.length > filter.limit) return { items, nextCursor: items.at(-1)!.id };
    // Every match of the window is on this page: go on after the window's last entry, if the
    // window was full (more entries may follow), else the search is complete.
    const last = await q.query<{ entry_id: string }>(
      `SELECT id::text AS entry_id FROM audit_log ${where} ${ORDER} OFFSET ${scan}::int - 1 LIMIT 1`,
      params.slice(0, params.length - 2),
    );
    return { items, nextCursor: last.rows.length ? BigInt(last.rows[0]!.entry_id) : null };
  };
  return inTransaction(async (tx) => {
    // An index read in order that stops at its LIMIT; a parallel plan would read everything.
    await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
    return run(tx);
  });
}
