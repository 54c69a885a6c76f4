import { MAX_BATCH_BYTES, scoreEndpoints } from '@/lib/contracts/score';
import { HttpError } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { observeScore } from '@/lib/http/prometheus';
import { scoreLimitPerMinute, scoreRetryAfter } from '@/lib/http/rateLimit';
import { reply } from '@/lib/http/reply';
import { readJson, route } from '@/lib/http/route';
import { guardrailOverride, requestOrigin } from '@/lib/http/scoreRequest';
import { scoreBatchAndRecord } from '@/lib/scoring/scoreBatch';

/**
 * POST /api/ml/score/batch `{modelId?, features: [...]}` (up to 1,000): the same auth, items and
 * answers as POST /api/ml/score, one per item in order; a bad item is answered on its own. Each
 * item counts against the score rate limit.
 */
export const POST = route(async (request) => {
  const started = performance.now();
  const principal = await authorize(request, { role: 'operator', scope: 'score' });
  const override = guardrailOverride(request, principal);
  const origin = requestOrigin(request);
  const body = await readJson(request, scoreEndpoints.batch.body, MAX_BATCH_BYTES);
  const count = body.features.length;
  if (count > scoreLimitPerMinute())
    throw new HttpError(
      429,
      'rate',
      `a batch of ${count} is more than the ${scoreLimitPerMinute()} scores a minute allowed`,
    );
  const wait = await scoreRetryAfter(principal.actor, count);
  if (wait > 0)
    throw new HttpError(429, 'rate', `too many score requests; retry in ${wait} s`, {
      retryAfter: wait,
    });
  try {
    const { results, latencyMs, scored, failed } = await scoreBatchAndRecord({
      modelId: body.modelId,
      features: body.features,
      actor: principal.actor,
      started,
      guardrailOverride: override,
      origin,
    });
    for (const result of results) {
      if ('decision' in result) observeScore(200, latencyMs, result.decision, result.mode);
      else if (result.status >= 500) observeScore(500, latencyMs);
    }
    return reply(scoreEndpoints.batch, {
      results,
      scored,
      refused: results.length - scored - failed,
      failed,
    });
  } catch (error) {
    if (!(error instanceof HttpError && error.status < 500))
      observeScore(500, performance.now() - started);
    throw error;
  }
});
