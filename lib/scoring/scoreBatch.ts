import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ObservedSlo } from '@/lib/domain/guardrails';
import { recordScores, type ScoreRecord } from '@/lib/db/scoreEvents';
import { HttpError } from '@/lib/http/errors';
import { scoreFeature, type ScoreBody, type TrafficOrigin } from '@/lib/contracts/score';
import { requestedModel, score, type ScoreResponse } from './score';
import { failedRecord, scoredRecord } from './scoreAndRecord';
import { logger } from '@/lib/logging/logger';

const log = logger('score');

/** One item's answer when it could not be scored: the 4xx it would have got on its own. */
export interface BatchItemError {
  _err: string;
  message: string;
  status: number;
}

export type BatchItemResult = ScoreResponse | BatchItemError;

export interface BatchCall {
  modelId?: string;
  /** The raw items: each is validated on its own, so one bad item refuses only itself. */
  features: readonly unknown[];
  actor: string;
  /** performance.now() when the request arrived: every item's latency runs from there. */
  started: number;
  guardrailOverride?: Partial<ObservedSlo>;
  origin?: TrafficOrigin | null;
}

type Item =
  | { kind: 'scored'; response: ScoreResponse; record: (latencyMs: number) => ScoreRecord }
  | { kind: 'refused'; error: BatchItemError }
  | { kind: 'failed'; error: BatchItemError; record: ScoreRecord };

const itemField = (index: number, path: readonly PropertyKey[]): string =>
  `features[${index}]${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;

function validationError(index: number, error: z.ZodError): BatchItemError {
  const first = error.issues[0];
  return {
    _err: itemField(index, first?.path ?? []),
    message: error.issues
      .slice(0, 5)
      .map((i) => `${itemField(index, i.path)}: ${i.message}`)
      .join('; '),
    status: 400,
  };
}

/** An item's own 4xx, re-addressed from `feature.x` (the single route's field) to `features[i].x`. */
const refusal = (index: number, error: HttpError): BatchItemError => ({
  _err: error.field.replace(/^feature(?=\.|$)/, `features[${index}]`),
  message: error.message,
  status: error.status,
});

/**
 * Scores up to MAX_BATCH_ITEMS features and records them: every scored item's score event and
 * `ml.score` audit entry (and the error-rate event of an item that failed on our side) are
 * written in ONE statement, durable before the answer. Answers come back per item, in order:
 * the score response, or the 4xx `{_err, message, status}` that item alone earned. A bad
 * `modelId` refuses the whole batch, as the envelope is what names it.
 */
export async function scoreBatchAndRecord(
  call: BatchCall,
): Promise<{ results: BatchItemResult[]; latencyMs: number; scored: number; failed: number }> {
  await requestedModel(call.modelId); // a bad modelId refuses the whole batch, before any item
  const parsed = call.features.map((raw, index) => {
    const result = scoreFeature.safeParse(raw);
    return result.success
      ? { ok: true as const, feature: result.data }
      : { ok: false as const, error: validationError(index, result.error) };
  });

  const items = await Promise.all(
    parsed.map(async (p, index): Promise<Item> => {
      if (!p.ok) return { kind: 'refused', error: p.error };
      const body: ScoreBody = { modelId: call.modelId, feature: p.feature };
      const requestId = randomUUID();
      try {
        const { observedStaleness, ...response } = await score(body, {
          guardrailOverride: call.guardrailOverride,
          requestId,
        });
        // Recorded with the batch's latency, known once every item is scored.
        const record = (latencyMs: number) =>
          scoredRecord({
            requestId,
            feature: p.feature,
            response,
            observedStaleness,
            latencyMs,
            actor: call.actor,
            rehearsal: call.guardrailOverride !== undefined,
            origin: call.origin ?? null,
            extra: { batchIndex: index },
          });
        return { kind: 'scored', response, record };
      } catch (error) {
        if (error instanceof HttpError && error.status < 500)
          return { kind: 'refused', error: refusal(index, error) };
        log.error({ err: error, batchIndex: index }, 'score batch item failed: answered 500');
        return {
          kind: 'failed',
          error: { _err: 'server', message: 'internal error', status: 500 },
          record: failedRecord(requestId, p.feature, call.started),
        };
      }
    }),
  );

  const latencyMs = performance.now() - call.started;
  const records = items.flatMap((item): ScoreRecord[] =>
    item.kind === 'scored' ? [item.record(latencyMs)] : item.kind === 'failed' ? [item.record] : [],
  );
  await recordScores(records);
  return {
    results: items.map((item) => (item.kind === 'scored' ? item.response : item.error)),
    latencyMs,
    scored: items.filter((i) => i.kind === 'scored').length,
    failed: items.filter((i) => i.kind === 'failed').length,
  };
}
