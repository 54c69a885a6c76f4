import { ROLE_SCOPES } from '@/lib/auth/roles';
import { generateApiToken } from '@/lib/auth/secrets';
import { accountEndpoints as account } from '@/lib/contracts/account';
import { countActiveTokensOf, createToken, listTokensOf } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

/** Active tokens one user may hold at once (each is a standing credential). */
export const MAX_ACTIVE_TOKENS = 50;

export const GET = route(async (request) => {
  const me = await authorize(request, { role: 'viewer', sessionOnly: true });
  return reply(account.myTokens, { tokens: await listTokensOf(me.userId!) });
});

/** Within the caller's own role's scopes; the secret is in this response only. */
export const POST = route(async (request) => {
  const me = await authorize(request, { role: 'viewer', sessionOnly: true });
  const body = await readJson(request, account.createMyToken.body);
  const scopes = [...new Set(body.scopes)];
  const beyond = scopes.filter((scope) => !ROLE_SCOPES[me.role].includes(scope));
  if (beyond.length > 0)
    throw new HttpError(403, 'scopes', `a ${me.role} cannot hold the ${beyond.join(', ')} scope`);
  if ((await countActiveTokensOf(me.userId!)) >= MAX_ACTIVE_TOKENS)
    throw new HttpError(
      409,
      'scopes',
      `you hold ${MAX_ACTIVE_TOKENS} active tokens: revoke one first`,
    );
  const { secret, hash, prefix } = generateApiToken();
  const token = await createToken({
    name: body.name,
    scopes,
    tokenHash: hash,
    prefix,
    createdById: me.userId!,
  });
  await appendAudit({
    action: 'account.token_create',
    actor: me.actor,
    details: { id: token.id, name: token.name, scopes: token.scopes },
  });
  return reply(account.createMyToken, { token, secret });
});
