import { NextResponse } from 'next/server';
import { generateApiToken } from '@/lib/auth/secrets';
import { createToken, listTokens } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { readJson, route } from '@/lib/http/route';
import { createTokenBody } from '@/lib/validations/admin';

export const GET = route(async (request) => {
  await authorize(request, { role: 'admin' });
  return NextResponse.json({ tokens: await listTokens() });
});

/** The secret is in this response only; the database keeps its hash. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'admin' });
  const body = await readJson(request, createTokenBody);
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
  return NextResponse.json({ token, secret }, { status: 201 });
});
