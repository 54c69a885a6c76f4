import { scoreEndpoints } from '@/lib/contracts/score';
import { HttpError } from '@/lib/http/errors';
import { authorize, type Principal } from '@/lib/http/guard';
import { observeScore } from '@/lib/http/prometheus';
import { scoreRetryAfter } from '@/lib/http/rateLimit';
import { guardrailOverride, requestOrigin } from '@/lib/http/scoreRequest';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { scoreAndRecord } from '@/lib/scoring/scoreAndRecord';

/**
 * Chaos rehearsal `x-test-inject: latency=<ms>` or `fail=1`: only on a server started with
 * FAULT_INJECTION=1 and only for the internal token, so the SLO triggers can be rehearsed with
 * real requests. Production servers ignore it.
 */
function injectedFault(request: Request, principal: Principal) {
  const header = request.headers.get('x-test-inject');
  if (header === null || process.env.FAULT_INJECTION !== '1' || principal.kind !== 'internal')
    return null;
  const latency = /latency=(\d+)/.exec(header)?.[1];
  return { latencyMs: latency ? Number(latency) : 0, fail: /fail=1/.test(header) };
}

export const POST = route(async (request) => {
  const started = performance.now();
  const principal = await authorize(request, { role: 'operator', scope: 'score' });
  const wait = await scoreRetryAfter(principal.actor);
  if (wait > 0)
    throw new HttpError(429, 'rate', `too many score requests; retry in ${wait} s`, {
      retryAfter: wait,
    });
  const override = guardrailOverride(request, principal);
  const origin = requestOrigin(request);
  const fault = injectedFault(request, principal);
  const body = await readJson(request, scoreEndpoints.score.body);
  try {
    const { response, latencyMs } = await scoreAndRecord({
      body,
      actor: principal.actor,
      started,
      guardrailOverride: override,
      origin,
      fault,
    });
    observeScore(200, latencyMs, response.decision, response.mode);
    return reply(scoreEndpoints.score, response);
  } catch (error) {
    if (!(error instanceof HttpError && error.status < 500))
      observeScore(500, performance.now() - started);
    throw error;
  }
});
