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
