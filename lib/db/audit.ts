import { db } from './client';
import type { Prisma } from './generated/prisma/client';

export interface AuditEntry {
  action: string;
  actor: string;
  details: Prisma.InputJsonValue;
}

/** The audit log is append-only: this module has no update or delete, and a trigger enforces it. */
export const appendAudit = (entry: AuditEntry, tx: Prisma.TransactionClient = db()) =>
  tx.auditLog.create({ data: entry });

/**
 * Newest first, paged by id: the cursor is the last id seen, so pages stay stable while new
 * entries are appended.
 */
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
      id: query.cursor ? { lt: BigInt(query.cursor) } : undefined,
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({ ...row, id: row.id.toString() })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id.toString() : null,
  };
}
