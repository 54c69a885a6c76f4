import { z } from 'zod';
import { THRESHOLD_STEPS } from '@/lib/domain/graduatedThreshold';
import { endpoint } from './endpoint';
import { isoInstant, rowId } from './json';

const stepsText = THRESHOLD_STEPS.map((s) => s.toFixed(2)).join(', ');

/** One of the steps 0.55, 0.60, 0.65 (a JSON number). */
export const thresholdStep = z
  .number({ error: `one of ${stepsText}` })
  .refine((x) => (THRESHOLD_STEPS as readonly number[]).includes(x), `one of ${stepsText}`);

export const setThresholdBody = z.strictObject({
  step: thresholdStep,
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
});

const horizonEvidence = z.object({
  horizon: z.string(),
  n: z.number(),
  hitRate: z.number().nullable(),
  ir: z.number().nullable(),
});

export const thresholdChange = z.object({
  id: rowId,
  ts: isoInstant,
  /** `threshold.step` (the leader, the rule met) or `threshold.set` (an admin, by hand). */
  action: z.string(),
  actor: z.string(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  reason: z.string(),
});

export const thresholdReport = z.object({
  /** The step in force: 0.55, 0.60 or 0.65. */
  step: z.number(),
  /** When it began: the evidence for the next step counts from here. */
  since: isoInstant,
  updatedBy: z.string(),
  reason: z.string(),
  /** null at the last step. */
  next: z.number().nullable(),
  /** The rule for the next step holds now (the leader steps up within a minute). */
  ready: z.boolean(),
  /** The rule for the next step, in words, with the current evidence. */
  condition: z.string(),
  /** The parts of the rule not met yet, in words. */
  unmet: z.array(z.string()),
  /** M: matured live decisions the next step needs (`THRESHOLD_STEP_MIN_OUTCOMES`). */
  minOutcomes: z.number(),
  /** Matured live decisions since the step began: n, hit rate, IR (and per horizon). */
  evidence: z.object({
    n: z.number(),
    hitRate: z.number().nullable(),
    ir: z.number().nullable(),
    byHorizon: z.array(horizonEvidence),
  }),
  /** The active model's own live threshold, the ceiling (null without an active model). */
  modelLiveThreshold: z.number().nullable(),
  /** The live threshold in force: min(step, the model's live threshold). */
  effective: z.number(),
  /** The newest 50 step changes, newest first (from the audit log). */
  history: z.array(thresholdChange),
});

export const thresholdEndpoints = {
  read: endpoint({
    method: 'GET',
    path: '/api/threshold',
    access: 'viewer',
    summary:
      'The graduated live threshold: the step in force (0.55 → 0.60 → 0.65), since when, the condition for the next step with the evidence, and the history of steps',
    response: thresholdReport,
  }),
  set: endpoint({
    method: 'PUT',
    path: '/api/threshold',
    access: 'admin',
    summary:
      'Sets the step by hand, up or down (admin, with a reason; audited as threshold.set); the evidence for the next step counts from now',
    body: setThresholdBody,
    response: thresholdReport,
  }),
};

export type ThresholdReport = z.input<typeof thresholdReport>;
export type SetThresholdBody = z.input<typeof setThresholdBody>;
