import { adminEndpoints as admin } from '@/lib/contracts/admin';
import { revokeToken } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';

/** Revokes the token (kept for the record, never usable again). */
export const DELETE = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(admin.revokeToken.params, await context.params);
  const revocation = await revokeToken(id, new Date());
  if (!revocation) throw notFound('id', `no API token ${id}`);
  if (revocation.revoked)
    await appendAudit({ action: 'admin.token_revoke', actor: principal.actor, details: { id } });
  return reply(admin.revokeToken, { token: revocation.token });
});
