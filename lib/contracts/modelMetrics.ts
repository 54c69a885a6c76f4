import { z } from 'zod';
import { endpoint } from './endpoint';
import { BASELINE_IDS } from '@/lib/domain/baselines';
import { isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS } from '@/lib/domain/quality';
import { TF_FAMILIES } from '@/lib/domain/timeframes';
import { TREND_MAX_SPAN, TREND_MAX_WEEKS } from '@/lib/domain/trend';

const WINDOW_NAMES = METRIC_WINDOWS.map((w) => w.name) as ['7d', '30d', '90d', 'all'];

/** GET /api/model-metrics: every filter optional. */
export const modelMetricsQuery = z.object({
  model: z.string().trim().min(1).max(100).optional(),
  horizon: z.string().refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d').optional(),
  window: z.enum(WINDOW_NAMES, { error: `one of ${WINDOW_NAMES.join(', ')}` }).optional(),
});

const figure = z.number().nullable();
const interval = z.object({ low: z.number(), high: z.number() });

const baselineFigures = z.object({
  /** Pairs compared: the model's decisions (the previous version: those it also predicted). */
  n: z.number().int(),
  hitRate: figure,
  ir: figure,
  /** Brier score of the baseline's base rate as a constant forecast, p (1 − p). */
  brier: figure,
});

/** lib/domain/baselines.ts Baselines. */
export const baselinesSchema = z.object({
  alwaysLong: baselineFigures,
  alwaysShort: baselineFigures,
  momentum: baselineFigures.extend({ withDirection: z.number().int() }),
  coinFlip: baselineFigures.extend({ interval: interval.nullable() }),
  previousModel: baselineFigures
    .extend({ model: z.string().nullable(), modelHitRate: figure, modelIr: figure })
    .nullable(),
});

const skillFigure = z.object({
  against: z.enum(BASELINE_IDS),
  /** Model minus baseline over the same pairs. */
  value: z.number(),
  interval: interval.nullable(),
});
/** lib/domain/skill.ts StoredSkill: against the best baseline, its interval made as `skillMethod` says. */
export const skillSchema = z.object({
  /** Independent horizon-long periods behind the intervals, and the Newey–West lag in blocks. */
  periods: z.number(),
  lag: z.number().int(),
  hitRate: skillFigure.nullable(),
  ir: skillFigure.nullable(),
  /** 1 − Brier / (p̄ (1 − p̄)) against the base-rate forecast. */
  brierSkillScore: figure,
});

const target = z.object({ target: z.number(), met: z.boolean().nullable() });

export const modelMetricsItem = z.object({
  model: z.string(),
  horizon: z.string(),
  window: z.enum(WINDOW_NAMES),
  /** A confidence bucket ('0.5' … '1.0') or 'all'. */
  bucket: z.string(),
  computedAt: z.iso.datetime(),
  n: z.number().int(),
  nDecisions: z.number().int(),
  hitRate: figure,
  ir: figure,
  brier: figure,
  ece: figure,
  meanConfid: figure,
  /** The card's targets: hit rate ≥ 60 %, IR > 1.0. */
  targets: z.object({ hitRate: target, ir: target }),
  /** null on rows computed before baselines existed (the next metrics run fills them). */
  baselines: baselinesSchema.nullable(),
  skill: skillSchema.nullable(),
});

export const modelMetricsResponse = z.object({
  /** How every skill interval is made (lib/domain/skill.ts SKILL_INTERVAL_METHOD). */
  skillMethod: z.string(),
  items: z.array(modelMetricsItem),
});

/** GET /api/model-metrics/trend: one model (the active one by default) at one horizon. */
export const metricsTrendQuery = z.object({
  model: z.string().trim().min(1).max(100).optional(),
  horizon: z.string().refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d'),
  /** One timeframe family; every family added up when left out. */
  tfFamily: z.enum(TF_FAMILIES, { error: `one of ${TF_FAMILIES.join(', ')}` }).optional(),
  /** How many weeks back from the latest week with matured pairs. */
  weeks: z.coerce.number().int().min(1).max(TREND_MAX_WEEKS).default(TREND_MAX_WEEKS),
  /** Weeks each point adds up, ending with its own (1: the week alone). */
  span: z.coerce.number().int().min(1).max(TREND_MAX_SPAN).default(1),
});

export const trendPoint = z.object({
  /** The Monday of the point's ISO week (UTC): pairs count in the week of their prediction. */
  week: z.iso.date(),
  n: z.number().int(),
  nDecisions: z.number().int(),
  hitRate: figure,
  ir: figure,
  /** Always long over the same decisions: the trend's yardstick. */
  longHitRate: figure,
  longIr: figure,
});

export const metricsTrendResponse = z.object({
  model: z.string(),
  horizon: z.string(),
  tfFamily: z.enum([...TF_FAMILIES, 'all']),
  weeks: z.number().int(),
  span: z.number().int(),
  /** The group's latest week with matured pairs; null when it has none. */
  latestWeek: z.iso.date().nullable(),
  /** Oldest first; weeks without matured pairs are left out. */
  points: z.array(trendPoint),
});

export type ModelMetricsItem = z.infer<typeof modelMetricsItem>;
export type MetricsTrend = z.infer<typeof metricsTrendResponse>;
export type ModelMetricsResponse = z.infer<typeof modelMetricsResponse>;

export const modelMetricsEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/model-metrics',
    access: 'viewer',
    summary:
      'Hit rate, IR, Brier, ECE per model × horizon × bucket × window, with baselines and skill',
    query: modelMetricsQuery,
    response: modelMetricsResponse,
  }),
  trend: endpoint({
    method: 'GET',
    path: '/api/model-metrics/trend',
    access: 'viewer',
    summary: 'Hit rate and IR of a model at one horizon per ISO week, with always-long beside them',
    query: metricsTrendQuery,
    response: metricsTrendResponse,
  }),
};
