import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route, searchParams } from '@/lib/http/route';
import { readAudit } from '@/lib/queries/auditLog';

/** The audit log, newest first: the list format plus `action, actor, from, to, q, id`. */
export const GET = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const page = await readAudit(searchParams(request, audit.list.query), principal.role);
  return reply(audit.list, page);
});
