import { z } from 'zod';
import { instantStrict, bigintId } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, queryInstant, rowId } from './json';

// The audit log: newest first (by time, then id), paged by cursor (the last entry's id), with
// filters on the action, the actor, a time range and a text in the details.

const action = z.string().trim().min(1).max(100);
/** An actor exactly as written: an email, `internal`, `token:<name>`, `deploy`, … */
const actor = z.string().trim().min(1).max(200);
/** Case-insensitive text anywhere in the details' JSON; searched a bounded window at a time. */
const q = z.string().trim().min(1, 'at least one character').max(100, 'at most 100 characters');

const fromNotAfterTo = <T extends { from?: Date; to?: Date }>(f: T) =>
  !f.from || !f.to || f.from <= f.to;
const RANGE_ERROR = { path: ['from'], message: 'after to' };

/** The filters of the list, its POST alias and its CSV. */
const filters = {
  action: action.optional(),
  actor: actor.optional(),
  /** Entries at or after this instant (`since` says the same; both may be given). */
  from: queryInstant.optional(),
  /** Entries at or before this instant. */
  to: queryInstant.optional(),
  q: q.optional(),
  /** One entry by its id (the RecentActions popover's link). */
  id: bigintId('a decimal entry id').optional(),
};

export const auditQuery = listQuery.extend(filters).refine(fromNotAfterTo, RANGE_ERROR);

/** GET /api/audit.csv: the same filters and `since`; every matching entry, no paging. */
export const auditCsvQuery = z
  .object({ ...filters, since: listQuery.shape.since })
  .refine(fromNotAfterTo, RANGE_ERROR);

/**
 * The body of POST /api/audit/list, the alias kept for the go-live card's smoke command (SPEC:
 * `{limit, action?, cursor?, since?}`), which takes the list's other filters too.
 */
export const auditListBody = z
  .strictObject({
    limit: z.number().int().min(1).max(500),
    action: action.optional(),
    since: instantStrict.optional(),
    /** Opaque: the nextCursor of the previous page. */
    cursor: bigintId('the nextCursor of a previous page').optional(),
    actor: actor.optional(),
    from: instantStrict.optional(),
    to: instantStrict.optional(),
    q: q.optional(),
    id: bigintId('a decimal entry id').optional(),
  })
  .refine(fromNotAfterTo, RANGE_ERROR);

export type AuditFilter = z.output<typeof auditCsvQuery>;

export const auditEntry = z.object({
  id: rowId,
  ts: isoInstant,
  action: z.string(),
  actor: z.string(),
  /** Free-form JSON, as the action wrote it. */
  details: z.unknown(),
});

export const auditList = listOf(auditEntry);

export const auditEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/audit',
    access: 'viewer',
    summary:
      'The audit log, newest first, filtered (action, actor, from / to, text in details) and paged by cursor',
    query: auditQuery,
    response: auditList,
  }),
  listByBody: endpoint({
    method: 'POST',
    path: '/api/audit/list',
    access: 'viewer',
    summary: 'GET /api/audit with its parameters in a JSON body (limit required)',
    body: auditListBody,
    response: auditList,
  }),
  csv: endpoint({
    method: 'GET',
    path: '/api/audit.csv',
    access: 'viewer',
    summary:
      'Every audit entry matching the filter as CSV (header row, newest first), streamed page by page',
    query: auditCsvQuery,
  }),
};

export type AuditEntry = z.input<typeof auditEntry>;
export type AuditQuery = z.output<typeof auditQuery>;
