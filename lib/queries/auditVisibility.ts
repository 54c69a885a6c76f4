import { roleAtLeast, type Role } from '@/lib/auth/roles';

/** Entries whose actor is whatever someone typed into the sign-in form, not a known account. */
export const TYPED_ACTOR_ACTIONS = new Set(['auth.signin_failed']);

export const HIDDEN_ACTOR = '(hidden)';

/**
 * What a caller may read of audit entries: a failed sign-in's attempted email (a mistyped
 * address, or a password typed into the wrong field) is for admins only.
 */
export function visibleAudit<T extends { action: string; actor: string }>(
  items: readonly T[],
  role: Role,
): T[] {
  if (roleAtLeast(role, 'admin')) return [...items];
  return items.map((item) =>
    TYPED_ACTOR_ACTIONS.has(item.action) ? { ...item, actor: HIDDEN_ACTOR } : item,
  );
}
