import { z } from 'zod';
import { isHorizon } from '@/lib/domain/horizons';
import { endpoint } from './endpoint';
import { isoInstant, queryInstant } from './json';
import { timeframeSchema } from './market';

// Paper vs live: advisory and live decisions on matured outcomes (lib/domain/paperVsLive.ts).

/** The longest period one request adds up (a year and a day: a leap year's whole year). */
export const PAPER_VS_LIVE_MAX_DAYS = 366;
/** The period when neither end is given: the last 90 days. */
export const PAPER_VS_LIVE_DEFAULT_DAYS = 90;

/** GET /api/paper-vs-live: a period of the predictions' ts, [from, to). */
export const paperVsLiveQuery = z
  .object({
    /** A model version; the active one when left out. */
    model: z.string().trim().min(1).max(100).optional(),
    /** Start (inclusive) of the predictions' ts; `to` − 90 days when left out. */
    from: queryInstant.optional(),
    /** End (exclusive); now, or `from` + 90 days, when left out. */
    to: queryInstant.optional(),
    tf: timeframeSchema.optional(),
    horizon: z
      .string()
      .max(16)
      .refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d')
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'after from' });
    else if (q.to.getTime() - q.from.getTime() > PAPER_VS_LIVE_MAX_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${PAPER_VS_LIVE_MAX_DAYS} days after from`,
      });
  });

const figure = z.number().nullable();
const interval = z.object({ low: z.number(), high: z.number() });

const groupFigures = z.object({
  /** Matured pairs. */
  n: z.number().int(),
  /** Pairs with a decision ≠ 0 (live: live_decision ≠ 0; 0 is no trade). */
  nDecisions: z.number().int(),
  hits: z.number().int(),
  hitRate: figure,
  /** Wilson score interval (95 %) over nDecisions. */
  hitInterval: interval.nullable(),
  /** As on the metrics page, annualised by the horizon. */
  ir: figure,
  meanConfid: figure,
});

const difference = z
  .object({
    value: z.number(),
    interval: interval.nullable(),
    /** The interval excludes 0. */
    beyondNoise: z.boolean().nullable(),
  })
  .nullable();

const extent = z.object({ first: isoInstant, last: isoInstant }).nullable();

export const paperVsLiveResponse = z.object({
  /** null when there is no model at all (no active version and none asked for). */
  model: z.string().nullable(),
  from: isoInstant,
  to: isoInstant,
  tf: z.string().nullable(),
  /** How live − paper is judged (differenceMethod of lib/domain/paperVsLive.ts). */
  differenceMethod: z.string(),
  /** The first and last ts of each group's matured pairs, whatever the period. */
  extents: z.object({ paper: extent, live: extent, history: extent }),
  horizons: z.array(
    z.object({
      horizon: z.string(),
      paper: groupFigures,
      live: groupFigures,
      /** Backfilled history: replayed, never served; not paper trading. */
      history: groupFigures,
      /** live − paper. */
      difference: z.object({ hitRate: difference, ir: difference }),
    }),
  ),
});

export type PaperVsLiveResponse = z.output<typeof paperVsLiveResponse>;

export const paperVsLiveEndpoints = {
  get: endpoint({
    method: 'GET',
    path: '/api/paper-vs-live',
    access: 'viewer',
    summary:
      'Per horizon over one period (≤ 366 days) of matured outcomes: paper (preview / shadow, advisory decision), live (live decision) and backfilled history — n, decisions, hit rate with its Wilson interval, IR, mean confid — and live − paper with whether it is beyond noise',
    query: paperVsLiveQuery,
    response: paperVsLiveResponse,
  }),
};
