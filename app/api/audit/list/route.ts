import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { visibleAudit } from '@/lib/queries/auditVisibility';

/** GET /api/audit with a JSON body: kept as an alias for the go-live card's smoke command. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const page = await listAudit(await readJson(request, audit.listByBody.body));
  return reply(audit.listByBody, { ...page, items: visibleAudit(page.items, principal.role) });
});
