import { generatePassword, hashPassword } from '@/lib/auth/password';
import { adminEndpoints as admin } from '@/lib/contracts/admin';
import { setPassword } from '@/lib/db/users';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';

/**
 * A generated password, in this answer only; the user's sessions end at once, and (by default)
 * they choose their own password right after signing in with it.
 */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(admin.resetPassword.params, await context.params);
  const { mustChange } = await readJson(request, admin.resetPassword.body);
  const password = generatePassword();
  const user = await setPassword({
    id,
    passwordHash: await hashPassword(password),
    mustChange,
    audit: { action: 'admin.user_password_reset', actor: principal.actor, details: { mustChange } },
  });
  if (!user) throw notFound('id', `no user ${id}`);
  return reply(admin.resetPassword, { user, password });
});
