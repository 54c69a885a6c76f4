import { db } from './client';
import type { Prisma } from './generated/prisma/client';
import { keysetPage, olderThan } from './keyset';

export interface AuditEntry {
  action: string;
  actor: string;
  details: Prisma.InputJsonValue;
}

/** The audit log is append-only: this module has no update or delete, and a trigger enforces it. */
export const appendAudit = (entry: AuditEntry, tx: Prisma.TransactionClient = db()) =>
  tx.auditLog.create({ data: entry });

/** Newest first, paged by id (lib/db/keyset.ts). */
export async function listAudit(query: {
  limit: number;
  action?: string;
  since?: Date;
  cursor?: string;
}) {
  const rows = await db().auditLog.findMany({
    where: {
      action: query.action,
      ts: query.since ? { gte: query.since } : undefined,
      id: olderThan(query.cursor),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  return keysetPage(rows, query.limit);
}
