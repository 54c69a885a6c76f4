import type { Role } from '@/lib/auth/roles';

/** What an admin asks to change about a user's access. */
export interface AccessChange {
  disabled?: boolean;
  role?: Role;
}

export interface AccessSubject {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
}

export interface AccessRefusal {
  /** The body field the refusal is about (`_err`). */
  field: 'disabled' | 'role';
  message: string;
}

const isActiveAdmin = (user: { role: Role; disabled: boolean }) =>
  user.role === 'admin' && !user.disabled;

/** The user as they would be after the change. */
export const applyAccessChange = (user: AccessSubject, change: AccessChange): AccessSubject => ({
  ...user,
  role: change.role ?? user.role,
  disabled: change.disabled ?? user.disabled,
});

/**
 * Why an access change is refused, or null when it may go ahead. The team must keep one active
 * admin (nobody could add or re-enable users otherwise), and an admin cannot lock themself out:
 * another admin disables or demotes them. `otherActiveAdmins` counts active admins besides the
 * target, read under the same lock the change is written in.
 */
export function accessChangeRefusal(input: {
  actorId: string;
  target: AccessSubject;
  change: AccessChange;
  otherActiveAdmins: number;
}): AccessRefusal | null {
  const { actorId, target, change, otherActiveAdmins } = input;
  const after = applyAccessChange(target, change);
  const field = change.disabled === true && !target.disabled ? 'disabled' : 'role';
  if (isActiveAdmin(target) && !isActiveAdmin(after) && otherActiveAdmins === 0) {
    return {
      field,
      message: `${target.email} is the last active admin: make another user admin first`,
    };
  }
  if (target.id === actorId) {
    if (after.disabled && !target.disabled)
      return { field: 'disabled', message: 'you cannot disable yourself: ask another admin' };
    if (after.role !== target.role && target.role === 'admin')
      return {
        field: 'role',
        message: 'you cannot demote yourself out of admin: ask another admin',
      };
  }
  return null;
}

/** The audit actions an applied change writes, one per thing that changed. */
export function accessChangeActions(
  before: AccessSubject,
  change: AccessChange,
): { action: string; details: Record<string, string> }[] {
  const after = applyAccessChange(before, change);
  const actions: { action: string; details: Record<string, string> }[] = [];
  if (after.disabled !== before.disabled)
    actions.push({
      action: after.disabled ? 'admin.user_disable' : 'admin.user_enable',
      details: { id: before.id, email: before.email },
    });
  if (after.role !== before.role)
    actions.push({
      action: 'admin.user_role',
      details: { id: before.id, email: before.email, from: before.role, to: after.role },
    });
  return actions;
}
