import { parseGuardrailOverride } from '@/lib/domain/guardrails';
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
