import { automationEndpoints as automation } from '@/lib/contracts/automation';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';
import { queueCounts } from '@/lib/jobs/queue';
import { automationStatus } from '@/lib/queries/automationStatus';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const [status, queues] = await Promise.all([automationStatus(), queueCounts()]);
  return reply(automation.status, { ...status, queues });
});
