import { z } from 'zod';
import { instantStrict, bigintId } from '@/lib/validations/common';
import { endpoint } from './endpoint';
import { isoInstant, listOf, listQuery, rowId } from './json';

export const auditQuery = listQuery.extend({
  action: z.string().trim().min(1).max(100).optional(),
});

/** The body of POST /api/audit/list, the alias kept for the go-live card's smoke command. */
export const auditListBody = z.strictObject({
  limit: z.number().int().min(1).max(500),
  action: z.string().trim().min(1).max(100).optional(),
  since: instantStrict.optional(),
  /** Opaque: the nextCursor of the previous page. */
  cursor: bigintId('the nextCursor of a previous page').optional(),
});

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
    summary: 'The audit log, newest first, paged by cursor',
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
};

export type AuditEntry = z.input<typeof auditEntry>;
