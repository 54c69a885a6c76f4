import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant } from './json';
import { isHorizon } from '@/lib/domain/horizons';
import { METRIC_WINDOWS } from '@/lib/domain/quality';
import { SIGNAL_PARTS } from '@/lib/domain/signalParts';

// Signal parts: which of rsi / macd / trend carries the wins (lib/domain/signalParts.ts).

const WINDOW_NAMES = METRIC_WINDOWS.map((w) => w.name) as ['7d', '30d', '90d', 'all'];

/** GET /api/signal-parts: one model × horizon × window. */
export const signalPartsQuery = z.object({
  /** A model version; the active one when left out. */
  model: z.string().trim().min(1).max(100).optional(),
  /** The model's shortest horizon with matured pairs when left out. */
  horizon: z.string().max(16).refine(isHorizon, 'a horizon such as 15m, 4h, 1d or 30d').optional(),
  window: z.enum(WINDOW_NAMES, { error: `one of ${WINDOW_NAMES.join(', ')}` }).default('all'),
});

const figure = z.number().nullable();
const part = z.enum(SIGNAL_PARTS);
const perPart = z.object({ rsi: figure, macd: figure, trend: figure });

export const signalPartFigures = z.object({
  part,
  /** Share of decisions (≠ 0) where sign(part) = decision. */
  agreement: figure,
  nAgree: z.number().int(),
  /** Decisions where the part pointed the other way or was 0. */
  nDisagree: z.number().int(),
  hitRateAgree: figure,
  hitRateDisagree: figure,
  /** Pearson's r of the part with the realised return, over every matured pair. */
  correlation: figure,
  /** Among the wins, the share where the part agreed with the decision (`winShareMethod`). */
  winShare: figure,
});

export const signalPartsResponse = z.object({
  /** null when there is no model at all (no active version and none asked for). */
  model: z.string().nullable(),
  /** null when the model has no matured pairs yet. */
  horizon: z.string().nullable(),
  window: z.enum(WINDOW_NAMES),
  /** Pairs whose prediction was made on or after this UTC day count (null: all time). */
  fromDay: z.iso.date().nullable(),
  /** The model's horizons with matured pairs (for a horizon switch). */
  horizons: z.array(z.string()),
  winShareMethod: z.string(),
  n: z.number().int(),
  nDecisions: z.number().int(),
  wins: z.number().int(),
  hitRate: figure,
  parts: z.array(signalPartFigures),
  trend: z.object({
    /** UTC days or ISO weeks (Monday 00:00 UTC) of the prediction's ts. */
    unit: z.enum(['day', 'week']),
    /** Each point is over the trailing `span` units ending with its own. */
    span: z.number().int(),
    points: z.array(
      z.object({
        start: isoInstant,
        nDecisions: z.number().int(),
        wins: z.number().int(),
        agreement: perPart,
        winShare: perPart,
      }),
    ),
  }),
});

export type SignalPartsResponse = z.output<typeof signalPartsResponse>;

export const signalPartsEndpoints = {
  get: endpoint({
    method: 'GET',
    path: '/api/signal-parts',
    access: 'viewer',
    summary:
      'Per model × horizon × window: how often rsi / macd / trend agreed with the decision, hit rate when they did or not, correlation with the return, share of the wins, and its trend',
    query: signalPartsQuery,
    response: signalPartsResponse,
  }),
};
