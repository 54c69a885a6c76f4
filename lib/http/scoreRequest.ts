import { parseGuardrailOverride } from '@/lib/domain/guardrails';
import { TRAFFIC_ORIGIN_HEADER, trafficOrigin, type TrafficOrigin } from '@/lib/contracts/score';
import { HttpError } from './errors';
import type { Principal } from './guard';

export const REHEARSAL_HEADER = 'x-test-guardrails';

/** The guardrail rehearsal header is for operators and the internal token only. */
export function guardrailOverride(request: Request, principal: Principal) {
  const header = request.headers.get(REHEARSAL_HEADER);
  if (header === null) return undefined;
  if (principal.kind === 'token' || principal.role === 'viewer') {
    throw new HttpError(
      403,
      REHEARSAL_HEADER,
      'honoured only for operators and the internal token',
    );
  }
  const parsed = parseGuardrailOverride(header);
  if (!parsed.ok) throw new HttpError(400, REHEARSAL_HEADER, parsed.message);
  return parsed.override;
}

/** The origin a caller marks its score requests with (see trafficOrigin); none when unmarked. */
export function requestOrigin(request: Request): TrafficOrigin | null {
  const header = request.headers.get(TRAFFIC_ORIGIN_HEADER);
  if (header === null) return null;
  const parsed = trafficOrigin.safeParse(header.trim());
  if (!parsed.success) {
    throw new HttpError(
      400,
      TRAFFIC_ORIGIN_HEADER,
      `"${header}" is not an origin: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}
