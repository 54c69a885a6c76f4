import { generateApiToken } from '@/lib/auth/secrets';
import { adminEndpoints as admin } from '@/lib/contracts/admin';
import { createToken, listTokens } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'admin' });
  return reply(admin.tokens, { tokens: await listTokens() });
});

/** The secret is in this response only; the database keeps its hash. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, admin.createToken.body);
  const { secret, hash, prefix } = generateApiToken();
  const token = await createToken({
    name: body.name,
    scopes: [...new Set(body.scopes)],
    tokenHash: hash,
    prefix,
    createdById: principal.userId!,
  });
  await appendAudit({
    action: 'admin.token_create',
    actor: principal.actor,
    details: { id: token.id, name: token.name, scopes: token.scopes },
  });
  return reply(admin.createToken, { token, secret });
});
