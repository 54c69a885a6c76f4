import { roleAtLeast, type Role } from '@/lib/auth/roles';
import { listAudit, type AuditFilter } from '@/lib/db/audit';
import { TYPED_ACTOR_ACTIONS, visibleAudit } from './auditVisibility';

/**
 * A page of the audit log as `role` may read it: a failed sign-in's attempted email is hidden
 * from non-admins, and an actor filter does not match those entries for them either (it would
 * otherwise confirm which emails were typed).
 */
export async function readAudit(
  filter: Omit<AuditFilter, 'actorHiddenFor'> & { limit: number; cursor?: string },
  role: Role,
) {
  const hidden = roleAtLeast(role, 'admin') ? [] : [...TYPED_ACTOR_ACTIONS];
  const page = await listAudit({ ...filter, actorHiddenFor: hidden });
  return { ...page, items: visibleAudit(page.items, role) };
}
