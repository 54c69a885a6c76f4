import { randomUUID } from 'node:crypto';
import type { ObservedSlo } from '@/lib/domain/guardrails';
import { recordScore, type ScoreRecord } from '@/lib/db/scoreEvents';
import { HttpError } from '@/lib/http/errors';
import { currentRequestId } from '@/lib/http/requestLog';
import type { ScoreBody, TrafficOrigin } from '@/lib/contracts/score';
import { score, type ScoreResponse } from './score';

export interface ScoreCall {
  body: ScoreBody;
  actor: string;
  /** performance.now() when the request arrived: the recorded latency runs from there. */
  started: number;
  guardrailOverride?: Partial<ObservedSlo>;
  /** What the caller marked the request as (x-traffic-origin), recorded in its audit entry. */
  origin?: TrafficOrigin | null;
  /** Rehearsal only: delay or fail after scoring, before recording (x-test-inject). */
  fault?: { latencyMs: number; fail: boolean } | null;
}

/**
 * Scores and records: the score event and its `ml.score` audit entry are durable before the
 * caller gets an answer, so no acknowledged request can lose its row. A failure of ours is
 * recorded against the error-rate SLO; the caller's mistakes (4xx) record nothing.
 */
export async function scoreAndRecord(
  call: ScoreCall,
): Promise<{ response: ScoreResponse; latencyMs: number }> {
  // The request's own id (its log lines and x-request-id), so a score leads to its lines.
  const requestId = currentRequestId() ?? randomUUID();
  try {
    const { observedStaleness, ...response } = await score(call.body, {
      guardrailOverride: call.guardrailOverride,
      requestId,
    });
    if (call.fault?.latencyMs) await new Promise((r) => setTimeout(r, call.fault!.latencyMs));
    if (call.fault?.fail) throw new Error('injected failure (x-test-inject)');
    const latencyMs = performance.now() - call.started;
    await recordScore(
      scoredRecord({
        requestId,
        feature: call.body.feature,
        response,
        observedStaleness,
        latencyMs,
        actor: call.actor,
        rehearsal: call.guardrailOverride !== undefined,
        origin: call.origin ?? null,
      }),
    );
    return { response, latencyMs };
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) throw error;
    await recordScore(failedRecord(requestId, call.body.feature, call.started)).catch(() => {});
    throw error;
  }
}

/** The score event of an answered score and its `ml.score` audit entry. */
export function scoredRecord(input: {
  requestId: string;
  feature: ScoreBody['feature'];
  response: ScoreResponse;
  observedStaleness: number | null;
  latencyMs: number;
  actor: string;
  rehearsal: boolean;
  origin: TrafficOrigin | null;
  extra?: Record<string, unknown>;
}): ScoreRecord {
  const { requestId, feature, response, latencyMs } = input;
  const { symbol, tf } = feature;
  return {
    requestId,
    symbol,
    tf,
    status: 200,
    latencyMs,
    decision: response.decision,
    confid: response.confid,
    mode: response.mode,
    modelId: response.modelId,
    staleness: input.observedStaleness,
    audit: {
      actor: input.actor,
      details: {
        requestId,
        symbol,
        tf,
        ts: feature.ts.toISOString(),
        decision: response.decision,
        confid: response.confid,
        score: response.score,
        ml_bucket: response.ml_bucket,
        ml_signal_parts: response.ml_signal_parts,
        guardrails: response.guardrails,
        advisory: response.advisory,
        modelId: response.modelId,
        mode: response.mode,
        latencyMs,
        rehearsal: input.rehearsal,
        origin: input.origin,
        ...input.extra,
      },
    },
  };
}

/** The score event of a request that failed on our side: it counts against the error rate. */
export const failedRecord = (
  requestId: string,
  feature: { symbol: string; tf: string },
  started: number,
): ScoreRecord => ({
  requestId,
  symbol: feature.symbol,
  tf: feature.tf,
  status: 500,
  latencyMs: performance.now() - started,
  decision: null,
  confid: null,
  mode: null,
  modelId: null,
  staleness: null,
  audit: null,
});
