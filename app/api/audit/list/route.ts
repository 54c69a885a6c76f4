import { NextResponse } from 'next/server';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { readJson, route } from '@/lib/http/route';
import { auditListBody } from '@/lib/validations/audit';

export const POST = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return NextResponse.json(await listAudit(await readJson(request, auditListBody)));
});
