import { NextResponse } from 'next/server';
import { acknowledgeBreach } from '@/lib/db/breaches';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { parseWith, route } from '@/lib/http/route';
import { breachIdParams } from '@/lib/validations/slo';

/** An operator acknowledges a breach: the live pause it set is lifted (audited). */
export const POST = route<{ id: string }>(async (request, context) => {
  const principal = await authorize(request, { role: 'operator' });
  const { id } = parseWith(breachIdParams, await context.params);
  const breach = await acknowledgeBreach(BigInt(id), principal.actor);
  if (!breach) throw notFound('id', `no breach ${id}`);
  return NextResponse.json({ breach: { ...breach, id: breach.id.toString() } });
});
