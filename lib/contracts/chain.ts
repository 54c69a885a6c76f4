import { z } from 'zod';
import { endpoint } from './endpoint';
import { isoInstant } from './json';

// The loop's chain on the overview: Automation → Predictions → Outcomes → Metrics → Calibration.

export const stepState = z.enum(['ok', 'waiting', 'stalled', 'failed']);

export const chainStep = z.object({
  key: z.enum(['automation', 'predictions', 'outcomes', 'metrics', 'calibration']),
  label: z.string(),
  state: stepState,
  /** Why it is stalled or failed; null when ok or waiting. */
  reason: z.string().nullable(),
  waitsFor: z.string(),
  lastRun: isoInstant.nullable(),
  /** The step's figures: new predictions of the last cycle, outcomes pending / filled, … */
  counts: z.record(z.string(), z.number()),
  /** A job-driven step's queue: jobs waiting, running, dead. */
  queue: z
    .object({ name: z.string(), waiting: z.number(), active: z.number(), dead: z.number() })
    .nullable(),
});

export const loopChain = z.object({
  now: isoInstant,
  /** The worst step's state. */
  state: stepState,
  steps: z.array(chainStep),
  lastNewCandleAt: isoInstant.nullable(),
  lastCalibration: z
    .object({
      modelId: z.string(),
      tfFamily: z.string(),
      horizon: z.string(),
      ranAt: isoInstant,
      status: z.string(),
      nPairs: z.number(),
      usedPrev: z.boolean(),
      checksumOk: z.boolean().nullable(),
    })
    .nullable(),
});

export const chainEndpoints = {
  chain: endpoint({
    method: 'GET',
    path: '/api/automation/chain',
    access: 'viewer',
    summary: "The loop's chain: each step's state, last run, counts and what it waits for",
    response: loopChain,
  }),
};

export type ChainStep = z.input<typeof chainStep>;
export type LoopChain = z.input<typeof loopChain>;
