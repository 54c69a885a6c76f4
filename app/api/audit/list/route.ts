import { auditEndpoints as audit } from '@/lib/contracts/audit';
import { listAudit } from '@/lib/db/audit';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';

/** GET /api/audit with a JSON body: kept as an alias for the go-live card's smoke command. */
export const POST = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(audit.listByBody, await listAudit(await readJson(request, audit.listByBody.body)));
});
