import { NextResponse } from 'next/server';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { readJson, route } from '@/lib/http/route';
import { visibleAudit } from '@/lib/queries/auditVisibility';
import { auditListBody } from '@/lib/validations/audit';

export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const page = await listAudit(await readJson(request, auditListBody));
  return NextResponse.json({ ...page, items: visibleAudit(page.items, principal.role) });
});
