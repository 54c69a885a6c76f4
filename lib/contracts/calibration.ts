import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant, rowId } from './json';
import { baselinesSchema } from './modelMetrics';
import { isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS } from '@/lib/domain/quality';
import { TF_FAMILIES } from '@/lib/domain/timeframes';

const WINDOW_NAMES = METRIC_WINDOWS.map((w) => w.name) as ['7d', '30d', '90d', 'all'];
export const CONFIDENCE_KINDS = ['calibrated', 'raw'] as const;
export type ConfidenceKind = (typeof CONFIDENCE_KINDS)[number];

/**
 * GET /api/calibration. Defaults: the active model, every horizon at which it has matured
 * pairs, every timeframe family (the diagram adds them up, as GET /api/model-metrics does; the
 * maps are listed per family), window `all`, the calibrated confidence (confid, what decisions
 * used); `confidence=raw` reads the model's raw confidence instead.
 */
export const calibrationQuery = z.object({
  model: z.string().trim().min(1).max(100).optional(),
  horizon: z.string().refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d').optional(),
  tfFamily: z.enum(TF_FAMILIES, { error: `one of ${TF_FAMILIES.join(', ')}` }).optional(),
  window: z.enum(WINDOW_NAMES, { error: `one of ${WINDOW_NAMES.join(', ')}` }).default('all'),
  confidence: z
    .enum(CONFIDENCE_KINDS, { error: `one of ${CONFIDENCE_KINDS.join(', ')}` })
    .default('calibrated'),
});

const figure = z.number().nullable();

export const reliabilityBucket = z.object({
  /** A confidence bucket '0.5' … '1.0' (the prediction's ml_bucket, of the confidence read). */
  bucket: z.string(),
  /** Matured pairs in the bucket. */
  n: z.number().int(),
  meanConfid: figure,
  hitRate: figure,
  /** |hitRate − meanConfid| ≤ band; null without pairs. */
  withinBand: z.boolean().nullable(),
});

const mapVersion = z.object({
  id: rowId,
  version: z.number().int(),
  createdAt: isoInstant,
  nPairs: z.number().int(),
  /** Points of the piecewise-linear map. */
  points: z.number().int(),
  /** The stored checksum verified on this read; a 'refused' map is never applied. */
  checksum: z.enum(['verified', 'refused']),
});

export const calibrationGroup = z.object({
  tfFamily: z.enum(TF_FAMILIES),
  /**
   * The map the loop applies: the newest version whose checksum verifies (of the newest 10), with
   * its isotonic curve x → y; null when there is none (confidences pass through unchanged).
   */
  current: mapVersion.extend({ x: z.array(z.number()), y: z.array(z.number()) }).nullable(),
  /** The newest versions, newest first (at most 20; `versionCount` say how many exist). */
  history: z.array(mapVersion),
  versionCount: z.number().int(),
  /** The group's latest calibration run: n_pairs and used_prev as diagnose prints them. */
  latestRun: z
    .object({
      ranAt: isoInstant,
      status: z.enum(['fitted', 'too-few-pairs', 'unchanged']),
      nPairs: z.number().int(),
      usedPrev: z.boolean(),
      calibrationId: rowId.nullable(),
      maturedTotal: z.number().int().nullable(),
      windowFrom: isoInstant.nullable(),
      windowTo: isoInstant.nullable(),
    })
    .nullable(),
});

/** GET /api/model-metrics' figures for the same model, horizon and window, bucket 'all'. */
export const calibrationYardstick = z.object({
  computedAt: isoInstant,
  n: z.number().int(),
  brier: figure,
  ece: figure,
  /** 1 − Brier / (p̄ (1 − p̄)) against the base-rate forecast (issue 21), calibrated confidence. */
  brierSkillScore: figure,
  baselines: baselinesSchema.nullable(),
});

export const calibrationItem = z.object({
  model: z.string(),
  horizon: z.string(),
  window: z.enum(WINDOW_NAMES),
  confidence: z.enum(CONFIDENCE_KINDS),
  /** The family the diagram covers; null: every family added up. */
  tfFamily: z.enum(TF_FAMILIES).nullable(),
  /**
   * The window's end: the `now` of the metrics run behind `yardstick` (as GET /api/model-metrics
   * takes its windows), or the time of this request when no run has measured this horizon yet.
   */
  asOf: isoInstant,
  /** The window's first UTC day (pairs whose prediction ts is on or after it); null for `all`. */
  fromDay: z.string().nullable(),
  /** Matured pairs in the window. */
  n: z.number().int(),
  buckets: z.array(reliabilityBucket),
  ece: figure,
  brier: figure,
  yardstick: calibrationYardstick.nullable(),
  /** Per timeframe family with a map or a run at this horizon: the map in use and its history. */
  maps: z.array(calibrationGroup),
});

export const calibrationResponse = z.object({
  model: z.string(),
  window: z.enum(WINDOW_NAMES),
  confidence: z.enum(CONFIDENCE_KINDS),
  tfFamily: z.enum(TF_FAMILIES).nullable(),
  /** The ±band of a calibrated bucket (0.05). */
  band: z.number(),
  /** Per horizon, shortest first. */
  items: z.array(calibrationItem),
});

/** The wire (what clients read). */
export type CalibrationItem = z.input<typeof calibrationItem>;
export type CalibrationResponse = z.input<typeof calibrationResponse>;
/** What the server holds (Dates, bigint ids), encoded through the schema by reply(). */
export type CalibrationReport = z.output<typeof calibrationResponse>;

export const calibrationEndpoints = {
  report: endpoint({
    method: 'GET',
    path: '/api/calibration',
    access: 'viewer',
    summary:
      'Reliability per horizon and confidence bucket (mean confidence, hit rate, ±5 % band, ECE, Brier) and the calibration maps in use with their history',
    query: calibrationQuery,
    response: calibrationResponse,
  }),
};
