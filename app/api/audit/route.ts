import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';

/** The audit log, newest first: `?limit=&action=&since=&cursor=` like every list. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(audit.list, await listAudit(searchParams(request, audit.list.query)));
});
