import { z } from 'zod';
import { endpoint } from './endpoint';
import { errorBody, isoInstant, queryInstant } from './json';

// Model versions and the Bayesian weight update (SPEC §2, issue 13): every version with its
// weights, posterior sd, window and evidence; an operator fits a candidate on demand (the
// leader also does weekly, lib/jobs/proposeCandidate.ts).

export const MODEL_STATUSES = ['candidate', 'active', 'retired'] as const;

const weights = z.object({ rsi: z.number(), macd: z.number(), trend: z.number() });

/** What a fit stored beside its candidate (lib/jobs/proposeCandidate.ts). */
export const modelEvidence = z.object({
  /** Pairs with a direction (realised return ≠ 0) that entered the likelihood. */
  n: z.number(),
  /** Pairs read with a realised return of exactly 0 (left out). */
  flat: z.number(),
  /** Of the n, how many went up. */
  up: z.number(),
  pairsRead: z.number(),
  maxPairs: z.number(),
  /** The window held more than maxPairs: only its newest were read. */
  capped: z.boolean(),
  perHorizon: z.record(z.string(), z.number()),
  logLikelihood: z.number(),
  /** The log-likelihood of the same pairs under the parent's weights (the prior mean). */
  priorLogLikelihood: z.number(),
  priorSd: z.number(),
  iterations: z.number(),
  converged: z.boolean(),
  parentModelId: z.string(),
  parentWeights: weights,
  /** The MAP on the logit scale and its sd: the weights are map / scale. */
  map: weights,
  mapSd: weights,
  scale: z.number(),
  fittedAt: z.string(),
  requestedWindow: z.object({ from: z.string(), to: z.string() }),
  trigger: z.enum(['manual', 'weekly']),
  actor: z.string(),
  reason: z.string(),
});

export const modelVersion = z.object({
  id: z.string(),
  featureVersion: z.string(),
  status: z.enum(MODEL_STATUSES),
  weights,
  /** Posterior sd of each weight (a fitted candidate's), on the weights' scale; null otherwise. */
  sd: weights.nullable(),
  threshold: z.number(),
  liveThreshold: z.number(),
  /** The ts of the oldest and newest matured pair the fit read. */
  windowFrom: isoInstant.nullable(),
  windowTo: isoInstant.nullable(),
  evidence: modelEvidence.nullable(),
  notes: z.string(),
  createdAt: isoInstant,
  activatedAt: isoInstant.nullable(),
  retiredAt: isoInstant.nullable(),
});

/** POST /api/models/candidates: an optional window of the predictions' ts, and why. */
export const proposeCandidateBody = z
  .strictObject({
    from: queryInstant.optional(),
    to: queryInstant.optional(),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  })
  .refine((b) => !b.from || !b.to || b.from < b.to, {
    path: ['to'],
    message: 'must be after from',
  });

export const modelsEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/models',
    access: 'viewer',
    summary:
      'Every model version (newest 500, and always the active and the candidate): status, weights, posterior sd, thresholds, window, evidence',
    response: z.object({
      items: z.array(modelVersion),
      activeId: z.string().nullable(),
      candidateId: z.string().nullable(),
    }),
  }),
  proposeCandidate: endpoint({
    method: 'POST',
    path: '/api/models/candidates',
    access: 'operator',
    summary:
      "Fits the Bayesian weight update on the active model's matured pairs now (inline) and stores the candidate, retiring the previous one; audited",
    body: proposeCandidateBody,
    status: 201,
    response: z.object({ candidate: modelVersion, retired: z.string().nullable() }),
    /** A refused fit (409 `pairs`): how many matured pairs the window had. */
    refusal: errorBody.extend({ n: z.number().optional() }),
  }),
};

export type ModelVersionItem = z.input<typeof modelVersion>;
export type ModelEvidence = z.output<typeof modelEvidence>;
