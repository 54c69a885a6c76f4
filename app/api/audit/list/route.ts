import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { readAudit } from '@/lib/queries/auditLog';

/** GET /api/audit with a JSON body: kept as an alias for the go-live card's smoke command. */
export const POST = route(async (request) => {
  const principal = await authorize(request, { role: 'viewer' });
  const page = await readAudit(await readJson(request, audit.listByBody.body), principal.role);
  return reply(audit.listByBody, page);
});
