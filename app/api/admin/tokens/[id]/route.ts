import { NextResponse } from 'next/server';
import { revokeToken } from '@/lib/db/apiTokens';
import { appendAudit } from '@/lib/db/audit';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { parseWith, route } from '@/lib/http/route';
import { tokenIdParams } from '@/lib/validations/admin';

/** Revokes the token (kept for the record, never usable again). */
export const DELETE = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'admin' });
  const { id } = parseWith(tokenIdParams, await context.params);
  const revocation = await revokeToken(id, new Date());
  if (!revocation) throw notFound('id', `no API token ${id}`);
  if (revocation.revoked)
    await appendAudit({ action: 'admin.token_revoke', actor: principal.actor, details: { id } });
  return NextResponse.json({ token: revocation.token });
});
