import { db } from './client';
import type { Role } from '@/lib/auth/roles';
import {
  accessChangeActions,
  accessChangeRefusal,
  applyAccessChange,
  type AccessChange,
  type AccessRefusal,
} from '@/lib/domain/userAccess';
import { appendAudit } from './audit';

export const findUserByEmail = (email: string) =>
  db().user.findUnique({ where: { email: email.toLowerCase() } });

/** One primary-key lookup: every signed-in request checks its user's state with it. */
export const findActiveUser = (id: string) =>
  db().user.findFirst({ where: { id, disabledAt: null } });

export const findUserById = (id: string) => db().user.findUnique({ where: { id } });

const listedFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  disabledAt: true,
  mustChangePassword: true,
} as const;

export const listUsers = () =>
  db().user.findMany({ orderBy: { createdAt: 'asc' }, select: listedFields });

export const countUsers = () => db().user.count();

export const createUser = (input: {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}) =>
  db().user.create({
    data: { ...input, email: input.email.toLowerCase() },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });

export type AccessChangeResult =
  | { kind: 'not_found' }
  | { kind: 'refused'; refusal: AccessRefusal }
  | { kind: 'changed'; user: Awaited<ReturnType<typeof listUsers>>[number] };

/**
 * Disables, re-enables or re-roles a user, with an audit entry per change, in one transaction.
 * The active admins are locked first (always in the same order), so two admins demoting each
 * other at once cannot leave the team without one: the second waits and then sees one admin.
 */
export function changeUserAccess(input: {
  id: string;
  change: AccessChange;
  actorId: string;
  actor: string;
}): Promise<AccessChangeResult> {
  return db().$transaction(async (tx) => {
    const admins = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM users WHERE role = 'admin' AND disabled_at IS NULL
      ORDER BY id FOR UPDATE`;
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM users WHERE id = ${input.id}::uuid FOR UPDATE`;
    if (rows.length === 0) return { kind: 'not_found' };
    const current = await tx.user.findUniqueOrThrow({ where: { id: input.id } });
    const before = {
      id: current.id,
      email: current.email,
      role: current.role,
      disabled: current.disabledAt !== null,
    };
    const refusal = accessChangeRefusal({
      actorId: input.actorId,
      target: before,
      change: input.change,
      otherActiveAdmins: admins.filter((a) => a.id !== current.id).length,
    });
    if (refusal) return { kind: 'refused', refusal };
    const after = applyAccessChange(before, input.change);
    const user = await tx.user.update({
      where: { id: input.id },
      data: {
        role: after.role,
        disabledAt:
          after.disabled === before.disabled ? undefined : after.disabled ? new Date() : null,
      },
      select: listedFields,
    });
    for (const { action, details } of accessChangeActions(before, input.change))
      await appendAudit({ action, actor: input.actor, details }, tx);
    return { kind: 'changed', user };
  });
}

/**
 * Sets a new password hash and ends every session signed in before (the session version moves
 * on); `mustChange` sends the user to choose their own at their next sign-in. Audited in the
 * same transaction. Null for an unknown id.
 */
export function setPassword(input: {
  id: string;
  passwordHash: string;
  mustChange: boolean;
  audit: { action: string; actor: string; details: Record<string, unknown> };
}) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.id },
      data: {
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChange,
        sessionVersion: { increment: 1 },
      },
    });
    if (count === 0) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: listedFields });
    await appendAudit(
      {
        action: input.audit.action,
        actor: input.audit.actor,
        details: { id: user.id, email: user.email, ...input.audit.details },
      },
      tx,
    );
    return user;
  });
}
