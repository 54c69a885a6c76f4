import type { RolloutStage } from '@/lib/domain/rollout';
import { stageProbe } from '@/lib/domain/rolloutPlan';
import { TRAFFIC_ORIGIN_HEADER } from '@/lib/contracts/score';
import { describeFailure, DeploymentApi, type Credential } from './api';

/** When one process served the new stage, and when its /api/healthz answered ok after that. */
export interface ProcessConvergence {
  url: string;
  /** ms from the change request until a probe scored in the new stage's mode; null: never. */
  servedAfterMs: number | null;
  /** ms until /api/healthz answered ok once the stage was served; null: never. */
  readyAfterMs: number | null;
  probes: number;
  /** What the last probe saw: its mode, or why it failed. */
  lastSeen: string;
}

export interface ConvergenceOptions {
  urls: readonly string[];
  credential: Credential;
  from: RolloutStage;
  to: RolloutStage;
  /** performance.now() when the change request was sent: every time is measured from there. */
  sentAt: number;
  /** Give up after this long (the card allows a rollback 2 minutes). */
  timeoutMs?: number;
  pollMs?: number;
}

/** The probe's feature: any valid candle with every indicator, so no stored data is needed. */
const probeFeature = (symbol: string, tf: string) => ({
  ts: '2026-01-05T14:00:00Z',
  symbol,
  tf,
  o: 100,
  h: 101,
  l: 99,
  c: 100.5,
  v: 1000,
  rsi_14: 50,
  macd_hist: 0,
  ema_20: 100,
  ema_50: 100,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Measures, process by process, the time from the change request until the process scores in
 * the new stage (a real score request, marked `origin: rollout-probe`, on a pair whose mode
 * differs between the two stages) and then answers /api/healthz ok. Every process must be
 * named: behind a load balancer one URL reaches whichever process it picks.
 */
export async function awaitStageEverywhere(
  options: ConvergenceOptions,
): Promise<ProcessConvergence[]> {
  const { timeoutMs = 120_000, pollMs = 100 } = options;
  const probe = stageProbe(options.from, options.to);
  const deadline = options.sentAt + timeoutMs;
  const elapsed = () => performance.now() - options.sentAt;

  return Promise.all(
    options.urls.map(async (url): Promise<ProcessConvergence> => {
      const api = new DeploymentApi(url, options.credential, 10_000);
      const result: ProcessConvergence = {
        url,
        servedAfterMs: null,
        readyAfterMs: null,
        probes: 0,
        lastSeen: 'no probe yet',
      };
      while (result.servedAfterMs === null && performance.now() < deadline) {
        const reply = await api.request('/api/ml/score', {
          body: { feature: probeFeature(probe.symbol, probe.tf) },
          headers: { [TRAFFIC_ORIGIN_HEADER]: 'rollout-probe' },
        });
        result.probes++;
        const mode = (reply.body as { mode?: unknown } | null)?.mode;
        if (reply.status === 200 && mode === probe.expected) result.servedAfterMs = elapsed();
        else {
          result.lastSeen = reply.status === 200 ? `mode ${String(mode)}` : describeFailure(reply);
          // A refusal (no score scope, bad token) will not change by asking again.
          if (reply.status >= 400 && reply.status < 500 && reply.status !== 429) return result;
          await sleep(pollMs);
        }
      }
      while (result.servedAfterMs !== null && performance.now() < deadline) {
        const health = await api.request('/api/healthz', { auth: false });
        if (health.status === 200 && (health.body as { ok?: unknown } | null)?.ok === true) {
          result.readyAfterMs = elapsed();
          result.lastSeen = `mode ${probe.expected}, /api/healthz ok`;
          break;
        }
        result.lastSeen = `mode ${probe.expected}, ${describeFailure(health)}`;
        await sleep(pollMs);
      }
      return result;
    }),
  );
}
