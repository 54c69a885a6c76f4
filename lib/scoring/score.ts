import { randomUUID } from 'node:crypto';
import { fuse, type Decision } from '@/lib/domain/fusion';
import { effectiveLiveThreshold } from '@/lib/domain/graduatedThreshold';
import { evaluateGuardrails, stalenessSeconds, type ObservedSlo } from '@/lib/domain/guardrails';
import { scoringMode } from '@/lib/domain/rollout';
import { applyCalibration } from '@/lib/domain/calibration';
import { primaryHorizon, tfFamily, type TfFamily } from '@/lib/domain/timeframes';
import { cached } from '@/lib/cache';
import { latestValidCalibration } from '@/lib/db/calibrations';
import { feedLastSuccesses } from '@/lib/db/feeds';
import { findActiveModel, findModel, type StoredModel } from '@/lib/db/models';
import { readRollout } from '@/lib/db/rollout';
import { readThreshold } from '@/lib/db/threshold';
import { observedScoringSlo } from '@/lib/db/scoreEvents';
import { unacknowledgedPause } from '@/lib/db/breaches';
import { HttpError } from '@/lib/http/errors';
import type { ScoreBody, ScoreResponse } from '@/lib/contracts/score';
import { resolveFeatures } from './features';

// Every process re-reads these at least twice a second: an operator's rollout change or a new
// active model is in force everywhere within a second, without a database read per request.
const rollout = cached(500, () => readRollout());
// The graduated live threshold's step, read like the stage: a step up applies within a second.
const thresholdStep = cached(500, () => readThreshold());
const modelById = cached(500, (id: string) => (id === '' ? findActiveModel() : findModel(id)));
const scoringSlo = cached(1000, () => observedScoringSlo());
// A score request states no horizon: its confidence is calibrated with the map of its own
// timeframe family at that timeframe's primary horizon (lib/domain/timeframes.ts), e.g. a 1h
// request with the intraday 4h map, never with the daily one.
const calibrationOf = cached(1000, (key: string) => {
  const [modelId, family, horizon] = key.split('\u0000') as [string, TfFamily, string];
  return latestValidCalibration(modelId, family, horizon);
});
const livePause = cached(500, () => unacknowledgedPause());
const lastFeedSuccesses = cached(1000, () => feedLastSuccesses());

/** Seconds since the symbol's live feed last succeeded; null when it has no live feed. */
async function staleness(symbol: string, tf: string): Promise<number | null> {
  const last = (await lastFeedSuccesses(undefined)).get(`${symbol}|${tf}`);
  return last ? stalenessSeconds(last, new Date()) : null;
}

export type { ScoreResponse };

export interface ScoreResult extends ScoreResponse {
  /** The symbol's real staleness (the rehearsal header may override what the gates saw). */
  observedStaleness: number | null;
}

/** The model a request names, else the active one (cached): a 400 / 503 when there is none. */
export async function requestedModel(modelId: string | undefined): Promise<StoredModel> {
  const model = await modelById(modelId ?? '');
  if (!model) {
    throw modelId
      ? new HttpError(400, 'modelId', `no model version ${modelId}`)
      : new HttpError(503, 'modelId', 'no active model version');
  }
  return model;
}

export async function score(
  body: ScoreBody,
  options: { guardrailOverride?: Partial<ObservedSlo>; requestId?: string } = {},
): Promise<ScoreResult> {
  const model = await requestedModel(body.modelId);
  const { feature } = body;
  const features = await resolveFeatures(feature);
  const horizon = primaryHorizon(feature.tf);
  const [{ stage }, slo, stale, calibration, pause, { step }] = await Promise.all([
    rollout(undefined),
    scoringSlo(undefined),
    staleness(feature.symbol, feature.tf),
    calibrationOf([model.id, tfFamily(feature.tf), horizon].join('\u0000')),
    livePause(undefined),
    thresholdStep(undefined),
  ]);
  const mode = scoringMode(stage, feature.symbol, feature.tf);
  const guardrails = evaluateGuardrails({ ...slo, staleness: stale, ...options.guardrailOverride });
  // A critical breach pauses live decisions until an operator acknowledges it (live scope only).
  const paused = mode === 'live' && pause !== null;
  if (paused) {
    guardrails.advisory = true;
    guardrails.reasons.push(
      `live decisions paused by breach #${pause.id} (${pause.rule}) until acknowledged`,
    );
  }
  // A live decision uses the graduated threshold's step, capped by the model's own live
  // threshold (lib/domain/graduatedThreshold.ts); the advisory threshold is the model's.
  const liveModel = { ...model, liveThreshold: effectiveLiveThreshold(step, model.liveThreshold) };
  const output = fuse(liveModel, features, {
    live: mode === 'live',
    calibrate: calibration ? (raw) => applyCalibration(calibration.map, raw) : undefined,
  });
  // Off means the model is switched off; a failing gate means no decision may be acted on.
  const decision: Decision = mode === 'off' || guardrails.advisory ? 0 : output.decision;
  return {
    decision,
    confid: output.confid,
    score: output.score,
    ml_bucket: output.ml_bucket,
    ml_signal_parts: output.ml_signal_parts,
    guardrails: {
      status: guardrails.status,
      advisory: guardrails.advisory,
      reasons: guardrails.reasons,
      p95: guardrails.p95,
      err: guardrails.err,
      staleness: guardrails.staleness,
      gates: guardrails.gates,
    },
    advisory: mode !== 'live' || guardrails.advisory,
    mode,
    modelId: model.id,
    requestId: options.requestId ?? randomUUID(),
    calibration: calibration ? { horizon, version: calibration.version } : 'identity',
    observedStaleness: stale,
  };
}
