import { generatePassword, hashPassword } from '@/lib/auth/password';
import { adminEndpoints as admin } from '@/lib/contracts/admin';
import { appendAudit } from '@/lib/db/audit';
import { createUser, findUserByEmail, listUsers } from '@/lib/db/users';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'admin' });
  return reply(admin.users, { users: await listUsers() });
});

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, admin.createUser.body);
  if (await findUserByEmail(body.email)) {
    throw new HttpError(409, 'email', `a user with email ${body.email} exists`);
  }
  const { password: chosen, ...profile } = body;
  const password = chosen ?? generatePassword();
  const user = await createUser({ ...profile, passwordHash: await hashPassword(password) });
  await appendAudit({
    action: 'admin.user_create',
    actor: principal.actor,
    details: { email: user.email, role: user.role },
  });
  return reply(admin.createUser, { user, password: chosen ? undefined : password });
});
