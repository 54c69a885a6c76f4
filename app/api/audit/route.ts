import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { visibleAudit } from '@/lib/queries/auditVisibility';

/** The audit log, newest first: `?limit=&action=&since=&cursor=` like every list. */
export const GET = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const page = await listAudit(searchParams(request, audit.list.query));
  return reply(audit.list, { ...page, items: visibleAudit(page.items, principal.role) });
});
