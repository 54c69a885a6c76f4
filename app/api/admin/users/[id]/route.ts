import { adminEndpoints as admin } from '@/lib/contracts/admin';
import { changeUserAccess } from '@/lib/db/users';
import { HttpError, notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, readJson, route } from '@/lib/http/route';

/** Disables / re-enables a user and changes their role; their next request sees it. */
export const PATCH = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(admin.updateUser.params, await context.params);
  const change = await readJson(request, admin.updateUser.body);
  const result = await changeUserAccess({
    id,
    change,
    actorId: principal.userId!,
    actor: principal.actor,
  });
  if (result.kind === 'not_found') throw notFound('id', `no user ${id}`);
  if (result.kind === 'refused')
    throw new HttpError(409, result.refusal.field, result.refusal.message);
  return reply(admin.updateUser, { user: result.user });
});
