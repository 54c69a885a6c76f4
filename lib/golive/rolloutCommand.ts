import { isRolloutStage, liveShare, type RolloutStage } from '@/lib/domain/rollout';
import { judgeStageChange, type StageChangeVerdict } from '@/lib/domain/rolloutPlan';
import type { PromotionEligibility } from '@/lib/domain/slo/eligibility';
import { describeFailure, type Credential, type DeploymentApi } from './api';
import { awaitStageEverywhere, type ProcessConvergence } from './convergence';

export interface StageRecord {
  stage: RolloutStage;
  updatedBy: string;
  updatedAt: string;
  reason: string;
}

export type RolloutOutcome = 'changed' | 'refused' | 'failed' | 'unverified';

export interface RolloutReport {
  baseUrl: string;
  rollback: boolean;
  target: RolloutStage;
  reason: string;
  before: StageRecord | null;
  eligibility: PromotionEligibility | null;
  verdict: StageChangeVerdict | null;
  /** Why the change did not happen (refused or failed), else null. */
  problem: string | null;
  after: StageRecord | null;
  processes: ProcessConvergence[];
  /** ms until every process served the new stage and answered /api/healthz ok; null: not all. */
  everyProcessAfterMs: number | null;
  outcome: RolloutOutcome;
}

const asStageRecord = (body: unknown): StageRecord | null => {
  const b = body as Partial<StageRecord> | null;
  return b && isRolloutStage(b.stage)
    ? {
        stage: b.stage,
        updatedBy: String(b.updatedBy),
        updatedAt: String(b.updatedAt),
        reason: String(b.reason),
      }
    : null;
};

/**
 * The card's stage change through the API: reads the stage and the promotion eligibility it is
 * judged against, refuses what the ramp does not allow (judgeStageChange), asks the server
 * (which may refuse too: its reason is passed on), then measures until every named process
 * serves the new stage with /api/healthz ok.
 */
export async function runStageChange(input: {
  api: DeploymentApi;
  credential: Credential;
  target: RolloutStage;
  rollback: boolean;
  reason: string;
  /** Every process of the deployment; default the base URL alone. */
  processUrls: readonly string[];
  timeoutMs?: number;
}): Promise<RolloutReport> {
  const { api, target, reason } = input;
  const report: RolloutReport = {
    baseUrl: api.baseUrl,
    rollback: input.rollback,
    target,
    reason,
    before: null,
    eligibility: null,
    verdict: null,
    problem: null,
    after: null,
    processes: [],
    everyProcessAfterMs: null,
    outcome: 'failed',
  };
  const stateReply = await api.request('/api/rollout');
  report.before = asStageRecord(stateReply.body);
  if (stateReply.status !== 200 || !report.before) {
    report.problem = `cannot read the stage: ${describeFailure(stateReply)}`;
    return report;
  }
  const sloReply = await api.request('/api/slo/status');
  const eligibility = (sloReply.body as { eligibility?: PromotionEligibility } | null)?.eligibility;
  if (sloReply.status !== 200 || !eligibility) {
    report.problem = `cannot read promotion eligibility: ${describeFailure(sloReply)}`;
    return report;
  }
  report.eligibility = eligibility;
  report.verdict = judgeStageChange({ current: report.before.stage, target, eligibility });
  if (!report.verdict.allowed) {
    report.problem = report.verdict.because;
    report.outcome = 'refused';
    return report;
  }

  const sentAt = performance.now();
  const change = await api.request('/api/rollout', { body: { stage: target, reason } });
  if (change.status !== 200) {
    report.problem = describeFailure(change);
    report.outcome = change.status >= 400 && change.status < 500 ? 'refused' : 'failed';
    return report;
  }
  report.after = asStageRecord(change.body);
  report.processes = await awaitStageEverywhere({
    urls: input.processUrls.length ? input.processUrls : [api.baseUrl],
    credential: input.credential,
    from: report.before.stage,
    to: target,
    sentAt,
    timeoutMs: input.timeoutMs,
  });
  const ready = report.processes.map((p) => p.readyAfterMs);
  report.everyProcessAfterMs = ready.every((ms) => ms !== null)
    ? Math.max(...(ready as number[]))
    : null;
  report.outcome = report.everyProcessAfterMs === null ? 'unverified' : 'changed';
  return report;
}

const probeCount = (n: number) => `${n} probe${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

const describeStage = (r: StageRecord) =>
  `stage ${r.stage} (live share ${liveShare(r.stage)}), set by ${r.updatedBy} at ${r.updatedAt}: "${r.reason}"`;

function describeEligibility(e: PromotionEligibility): string {
  if (e.requiredHours === null) return `at ${e.currentStage}: no watch period (${e.reason})`;
  const watch = `${e.metHours.toFixed(2)} of ${e.requiredHours} h with every gate passing`;
  return `at ${e.currentStage}: ${e.eligible ? `eligible for ${e.next}` : 'not eligible for promotion'} (${watch}): ${e.reason}`;
}

/** The report as an operator reads it: before, eligibility, verdict, after, timings. */
export function formatRolloutReport(r: RolloutReport): string {
  const label = (name: string) => name.padEnd(12);
  const lines = [
    `${label('rollout')}${r.baseUrl}: ${r.rollback ? 'rollback to' : 'set'} ${r.target} ("${r.reason}")`,
  ];
  if (r.before) lines.push(`${label('before')}${describeStage(r.before)}`);
  if (r.eligibility) lines.push(`${label('eligibility')}${describeEligibility(r.eligibility)}`);
  if (r.verdict?.allowed) lines.push(`${label('allowed')}${r.verdict.because}`);
  if (r.problem) {
    const stays = r.before ? `; the stage stays ${r.before.stage}` : '';
    lines.push(`${label(r.outcome === 'refused' ? 'refused' : 'failed')}${r.problem}${stays}`);
    return lines.join('\n');
  }
  if (r.after) lines.push(`${label('after')}${describeStage(r.after)}`);
  for (const p of r.processes) {
    lines.push(
      p.readyAfterMs !== null
        ? `${label('process')}${p.url} serves ${r.target} after ${seconds(p.servedAfterMs!)}, /api/healthz ok after ${seconds(p.readyAfterMs)} (${probeCount(p.probes)})`
        : `${label('process')}${p.url} NOT confirmed: ${p.lastSeen} (${probeCount(p.probes)})`,
    );
  }
  const what = r.rollback ? 'rollback' : 'change';
  lines.push(
    r.everyProcessAfterMs !== null
      ? `${label(what)}${seconds(r.everyProcessAfterMs)} until every process (${r.processes.length}) serves ${r.target} and /api/healthz is ok${r.rollback ? ' (card: under 2 minutes)' : ''}`
      : `${label(what)}applied, but not every process confirmed ${r.target} with /api/healthz ok in time`,
  );
  return lines.join('\n');
}

/** 0 done and confirmed everywhere, 1 refused or failed, 3 applied but not confirmed. */
export const rolloutExitCode = (r: RolloutReport): number =>
  r.outcome === 'changed' ? 0 : r.outcome === 'unverified' ? 3 : 1;
