import {
  candidateId,
  DEFAULT_FIT_WINDOW_DAYS,
  fitBayesWeights,
  MAX_FIT_PAIRS,
  MIN_FIT_PAIRS,
  PRIOR_SD,
  weekStartUtc,
  type BayesFit,
  type FitPair,
} from '@/lib/domain/bayesWeights';
import { fitPairs, newestMaturedTs } from '@/lib/db/outcomes';
import {
  findActiveModel,
  replaceCandidate,
  type ModelVersionRow,
  type NewCandidate,
} from '@/lib/db/models';
import { logger } from '@/lib/logging/logger';
import { boss, enqueue } from './queue';
import { notifyCandidateProposed } from './webhooks';

const log = logger('jobs');
const DAY_MS = 86_400_000;

/** WEIGHT_FIT_WINDOW_DAYS (1 … 36 500 whole days), else 365. */
export function fitWindowDays(): number {
  const value = Number(process.env.WEIGHT_FIT_WINDOW_DAYS);
  return Number.isInteger(value) && value >= 1 && value <= 36_500 ? value : DEFAULT_FIT_WINDOW_DAYS;
}

export interface ProposeInput {
  /** Who asked, as written into the audit log (`weekly-job` for the scheduled fit). */
  actor: string;
  reason: string;
  /** The window of the predictions' ts; by default the WEIGHT_FIT_WINDOW_DAYS up to the newest pair. */
  from?: Date;
  to?: Date;
  now: Date;
  trigger: 'manual' | 'weekly';
}

export type ProposeResult =
  | {
      status: 'created';
      candidate: ModelVersionRow;
      retired: string | null;
      fit: BayesFit;
    }
  | {
      status: 'not-enough-pairs' | 'no-active-model';
      message: string;
      n: number;
      window: { from: Date; to: Date } | null;
    };

export type PlanResult =
  | { status: 'fitted'; candidate: NewCandidate; fit: BayesFit; pairs: FitPair[] }
  | Extract<ProposeResult, { status: 'not-enough-pairs' | 'no-active-model' }>;

/**
 * The fit without storing it: reads the active model's newest matured pairs in the window (at
 * most MAX_FIT_PAIRS) and fits the Bayesian weight update (lib/domain/bayesWeights.ts); with
 * fewer than MIN_FIT_PAIRS pairs it says why. `npm run models:fit -- --dry-run` prints it.
 */
export async function planCandidate(input: ProposeInput): Promise<PlanResult> {
  const active = await findActiveModel();
  if (!active) {
    return {
      status: 'no-active-model',
      message: 'no active model to fit from',
      n: 0,
      window: null,
    };
  }
  const days = fitWindowDays();
  const to = input.to ?? (await newestMaturedTs(active.id)) ?? input.now;
  const from = input.from ?? new Date(to.getTime() - days * DAY_MS);
  const rows = await fitPairs({ modelId: active.id, from, to, limit: MAX_FIT_PAIRS });
  const pairs: FitPair[] = rows.map((r) => ({
    parts: [r.partRsi, r.partMacd, r.partTrend],
    realizedReturn: r.realizedReturn,
  }));
  const withDirection = pairs.filter((p) => p.realizedReturn !== 0).length;
  if (withDirection < MIN_FIT_PAIRS) {
    const message = `not enough matured pairs (n = ${withDirection} < ${MIN_FIT_PAIRS}) of ${active.id} between ${from.toISOString()} and ${to.toISOString()}`;
    log.warn({ modelId: active.id, n: withDirection }, `weight update: ${message}`);
    return { status: 'not-enough-pairs', message, n: withDirection, window: { from, to } };
  }
  const prior = active.weights;
  const fit = fitBayesWeights(pairs, [prior.rsi, prior.macd, prior.trend], PRIOR_SD);
  const perHorizon: Record<string, number> = {};
  for (const r of rows) perHorizon[r.horizon] = (perHorizon[r.horizon] ?? 0) + 1;
  const vec = (v: readonly number[]) => ({ rsi: v[0]!, macd: v[1]!, trend: v[2]! });
  const candidate: NewCandidate = {
    id: candidateId(`fusion-${active.featureVersion}`, input.now),
    featureVersion: active.featureVersion,
    weights: vec(fit.weights),
    sd: vec(fit.sd),
    threshold: active.threshold,
    liveThreshold: active.liveThreshold,
    // Newest first: the last row is the oldest pair read.
    windowFrom: rows[rows.length - 1]!.ts,
    windowTo: rows[0]!.ts,
    notes: input.reason,
    createdAt: input.now,
    evidence: {
      n: fit.n,
      flat: fit.flat,
      up: fit.up,
      pairsRead: rows.length,
      maxPairs: MAX_FIT_PAIRS,
      capped: rows.length === MAX_FIT_PAIRS,
      perHorizon,
      logLikelihood: fit.logLikelihood,
      priorLogLikelihood: fit.priorLogLikelihood,
      priorSd: fit.priorSd,
      iterations: fit.iterations,
      converged: fit.converged,
      parentModelId: active.id,
      parentWeights: prior,
      map: vec(fit.map),
      mapSd: vec(fit.mapSd),
      scale: fit.scale,
      fittedAt: input.now.toISOString(),
      requestedWindow: { from: from.toISOString(), to: to.toISOString() },
      trigger: input.trigger,
      actor: input.actor,
      reason: input.reason,
    },
  };
  return { status: 'fitted', candidate, fit, pairs };
}

/**
 * THE one place a candidate model version is created: planCandidate, then, when it fitted, the
 * candidate stored and the previous one retired in one transaction (both audited). With too few
 * pairs it creates nothing and says why. A created candidate is announced to the webhook
 * subscribers of `candidate_proposed`.
 */
export async function proposeCandidate(input: ProposeInput): Promise<ProposeResult> {
  const plan = await planCandidate(input);
  if (plan.status !== 'fitted') return plan;
  const { created, retired } = await replaceCandidate(plan.candidate, {
    actor: input.actor,
    reason: input.reason,
  });
  log.info(
    { modelId: created.id, retired, n: plan.fit.n },
    `weight update: candidate ${created.id}`,
  );
  // After the commit (the candidate is written on a plain pg transaction, the notification on
  // Prisma's): a crash in between loses this one notification, never invents a candidate.
  await notifyCandidateProposed({
    modelId: created.id,
    weights: created.weights,
    sd: created.sd,
    windowFrom: created.windowFrom?.toISOString() ?? null,
    windowTo: created.windowTo?.toISOString() ?? null,
    retired,
    pairs: plan.fit.n,
    trigger: input.trigger,
  }).catch((error) => log.error({ err: error }, `candidate ${created.id}: notification failed`));
  return { status: 'created', candidate: created, retired, fit: plan.fit };
}

/** The weekly fit's job key: `weekly:<Monday of the ISO week, UTC>`. */
export const weeklyKey = (now: Date) => `weekly:${weekStartUtc(now).toISOString().slice(0, 10)}`;

const SWEEP_MS = 60_000;

/**
 * Run by the leader's scheduler (lib/jobs/scheduler.ts): once per ISO week (from Monday 00:00
 * UTC) it queues one `propose-candidate` job keyed by the week. The key is looked up among the
 * queue's jobs first, so a restart or a new leader within the week does not queue it again.
 * `WEIGHT_FIT_WEEKLY=0` turns it off.
 */
export class WeeklyFitter {
  private lastSweep = 0;
  private done = '';

  async tick(now: Date): Promise<void> {
    if (process.env.WEIGHT_FIT_WEEKLY === '0') return;
    if (now.getTime() - this.lastSweep < SWEEP_MS) return;
    this.lastSweep = now.getTime();
    const key = weeklyKey(now);
    if (this.done === key) return;
    const [existing] = await (await boss()).findJobs('propose-candidate', { key, limit: 1 });
    if (!existing) {
      await enqueue('propose-candidate', { week: key.slice('weekly:'.length) }, key);
      log.info({ key }, 'weight update: weekly fit queued');
    }
    this.done = key;
  }
}
