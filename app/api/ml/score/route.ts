import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { parseGuardrailOverride } from '@/lib/domain/guardrails';
import { recordScore } from '@/lib/db/scoreEvents';
import { HttpError } from '@/lib/http/errors';
import { authorize, type Principal } from '@/lib/http/guard';
import { observeScore } from '@/lib/http/metrics';
import { scoreRetryAfter } from '@/lib/http/rateLimit';
import { readJson, route } from '@/lib/http/route';
import { score } from '@/lib/scoring/score';
import { scoreBody } from '@/lib/validations/score';

const REHEARSAL_HEADER = 'x-test-guardrails';

/** The guardrail rehearsal header is for operators and the internal token only. */
function guardrailOverride(request: Request, principal: Principal) {
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
  const fault = injectedFault(request, principal);
  const body = await readJson(request, scoreBody);
  const requestId = randomUUID();
  const { symbol, tf } = body.feature;
  try {
    const { observedStaleness, ...result } = await score(body, {
      guardrailOverride: override,
      requestId,
    });
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.fail) throw new Error('injected failure (x-test-inject)');
    const latencyMs = performance.now() - started;
    await recordScore({
      requestId,
      symbol,
      tf,
      status: 200,
      latencyMs,
      decision: result.decision,
      confid: result.confid,
      mode: result.mode,
      modelId: result.modelId,
      staleness: observedStaleness,
      audit: {
        actor: principal.actor,
        details: {
          requestId,
          symbol,
          tf,
          ts: body.feature.ts.toISOString(),
          decision: result.decision,
          confid: result.confid,
          score: result.score,
          ml_bucket: result.ml_bucket,
          ml_signal_parts: result.ml_signal_parts,
          guardrails: result.guardrails,
          advisory: result.advisory,
          modelId: result.modelId,
          mode: result.mode,
          latencyMs,
          rehearsal: override !== undefined,
        },
      },
    });
    observeScore(200, latencyMs, result.decision, result.mode);
    return NextResponse.json(result);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) throw error;
    // A failure of ours counts against the error-rate SLO; the caller's mistakes do not.
    observeScore(500, performance.now() - started);
    await recordScore({
      requestId,
      symbol,
      tf,
      status: 500,
      latencyMs: performance.now() - started,
      decision: null,
      confid: null,
      mode: null,
      modelId: null,
      staleness: null,
      audit: null,
    }).catch(() => {});
    throw error;
  }
});
