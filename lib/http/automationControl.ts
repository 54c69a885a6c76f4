import { automationEndpoints } from '@/lib/contracts/automation';
import { setDesiredState, type DesiredState } from '@/lib/db/automation';
import { automationStatus } from '@/lib/queries/automationStatus';
import { authorize } from './guard';
import { reply } from './reply';
import { route } from './route';

/** POST /api/automation/start and /stop: set the desired state (audited), answer the status. */
export const automationControl = (desired: DesiredState) =>
  route(async (request) => {
    const principal = await authorize(request, { role: 'operator' });
    await setDesiredState(desired, principal.actor);
    const endpoint = automationEndpoints[desired === 'running' ? 'start' : 'stop'];
    return reply(endpoint, await automationStatus());
  });
