import { accountEndpoints as account } from '@/lib/contracts/account';
import { revokeToken } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { parseWith, route } from '@/lib/http/route';

/** Revokes one of the caller's own tokens; another user's token is a 404, as if it did not exist. */
export const DELETE = route<{ id: string }>(async (request, context) => {
  const me = await authorize(request, { role: 'viewer', sessionOnly: true });
  const { id } = parseWith(account.revokeMyToken.params, await context.params);
  const revocation = await revokeToken(id, new Date(), me.userId!);
  if (!revocation) throw notFound('id', `you have no API token ${id}`);
  if (revocation.revoked)
    await appendAudit({ action: 'account.token_revoke', actor: me.actor, details: { id } });
  return reply(account.revokeMyToken, { token: revocation.token });
});
