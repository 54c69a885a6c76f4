import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { accountEndpoints as account } from '@/lib/contracts/account';
import { findUserById, setPassword } from '@/lib/db/users';
import { HttpError, unauthorized } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

/**
 * Changes the caller's own password (also the way out of an admin's reset). The session version
 * moves on, so every session signed in before ends; the page signs in again with the new one.
 */
export const POST = route(async (request) => {
  const me = await authorize(request, {
    role: 'viewer',
    sessionOnly: true,
    duringPasswordChange: true,
  });
  const body = await readJson(request, account.changePassword.body);
  const user = await findUserById(me.userId!);
  if (!user) throw unauthorized('your account no longer exists');
  if (!(await verifyPassword(body.currentPassword, user.passwordHash)))
    throw new HttpError(400, 'currentPassword', 'the current password is wrong');
  await setPassword({
    id: user.id,
    passwordHash: await hashPassword(body.newPassword),
    mustChange: false,
    audit: { action: 'account.password_change', actor: me.actor, details: {} },
  });
  return reply(account.changePassword, { changed: true });
});
