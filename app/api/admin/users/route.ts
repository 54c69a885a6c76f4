import { NextResponse } from 'next/server';
import { generatePassword, hashPassword } from '@/lib/auth/password';
import { appendAudit } from '@/lib/db/audit';
import { createUser, findUserByEmail, listUsers } from '@/lib/db/users';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { readJson, route } from '@/lib/http/route';
import { createUserBody } from '@/lib/validations/admin';

export const GET = route(async (request) => {
  await authorize(request, { role: 'admin' });
  return NextResponse.json({ users: await listUsers() });
});

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, createUserBody);
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
  return NextResponse.json({ user, password: chosen ? undefined : password }, { status: 201 });
});
