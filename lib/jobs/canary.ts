import { canaryDue, canaryTarget, parseCanarySetting } from '@/lib/domain/canary';
import { latestClosedCandles } from '@/lib/db/candles';
import { CANARY_CLIENT, recordCanary, rotateBuiltInToken } from '@/lib/db/canary';
import { logger } from '@/lib/logging/logger';

const log = logger('canary');

const REQUEST_TIMEOUT_MS = 10_000;
/** The universe is re-read this often (a new instrument joins the canary within a minute). */
const UNIVERSE_TTL_MS = 60_000;

type Series = Awaited<ReturnType<typeof latestClosedCandles>>[number];

export interface CanaryOptions {
  /** Where the app answers (its own address): POST {baseUrl}/api/ml/score. */
  baseUrl: string;
  ratePerMinute: number;
  enabled: boolean;
  instance: string;
  fetch?: typeof fetch;
}

/**
 * The canary prober: a synthetic client that scores the live universe's latest closed candles
 * over real HTTP at a steady rate, with an API token of its own (built-in client `canary`, scope
 * score, rotated when the prober starts: only this process holds the secret), so its requests
 * go through authentication, rate limits, the score events, SLO rollups and the audit log
 * (actor `canary`) like any caller's. Only the automation leader runs it (runtime.ts), so one
 * prober runs across processes; a new leader (after a restart or a takeover) starts its own.
 * `tick(now)` is the whole schedule: a timer calls it every second; tests call it directly.
 */
export class CanaryProber {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private secret: string | null = null;
  private lastDue: number | null = null;
  private n = 0;
  private universe: { at: number; series: Series[] } | null = null;

  constructor(private readonly options: CanaryOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      await this.tick(new Date()).catch((error) =>
        log.error({ err: error }, `canary: ${(error as Error).message}`),
      );
      if (this.timer !== null) this.timer = setTimeout(tick, 1000);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sends the request due at `now`, if one is; returns what it sent (null: nothing due). */
  async tick(now: Date) {
    if (this.busy) return null;
    this.busy = true;
    try {
      const { enabled, ratePerMinute, instance } = this.options;
      if (!enabled) {
        if (this.lastDue === null) {
          this.lastDue = now.getTime();
          await recordCanary({ enabled, ratePerMinute, instance, now });
        }
        return null;
      }
      const due = canaryDue(this.lastDue, now.getTime(), ratePerMinute);
      if (!due.due) return null;
      this.lastDue = due.dueAt;
      const request = await this.send(now);
      await recordCanary({ enabled, ratePerMinute, instance, now, request });
      return request;
    } finally {
      this.busy = false;
    }
  }

  private async series(now: Date): Promise<Series[]> {
    if (!this.universe || now.getTime() - this.universe.at >= UNIVERSE_TTL_MS)
      this.universe = { at: now.getTime(), series: await latestClosedCandles(now) };
    return this.universe.series;
  }

  private async send(now: Date) {
    const target = canaryTarget(await this.series(now), this.n++);
    const base = { at: now, symbol: target?.symbol ?? null, tf: target?.tf ?? null };
    if (!target)
      return { ...base, status: null, latencyMs: null, error: 'no active series with a candle' };
    this.secret ??= await rotateBuiltInToken(CANARY_CLIENT, ['score']);
    const started = performance.now();
    try {
      const response = await (this.options.fetch ?? fetch)(`${this.options.baseUrl}/api/ml/score`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.secret}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          feature: {
            ts: target.ts.toISOString(),
            symbol: target.symbol,
            tf: target.tf,
            o: target.o,
            h: target.h,
            l: target.l,
            c: target.c,
            v: target.v,
          },
        }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const latencyMs = performance.now() - started;
      const text = await response.text();
      // Another process rotated the secret (a leader handover), or an admin revoked it: a new
      // one for the next request, so the canary never stays silently stopped.
      if (response.status === 401) this.secret = null;
      return {
        ...base,
        status: response.status,
        latencyMs,
        error: response.ok ? null : `${response.status}: ${text.slice(0, 300)}`,
      };
    } catch (error) {
      return {
        ...base,
        status: null,
        latencyMs: performance.now() - started,
        error: (error as Error).message,
      };
    }
  }
}

/** The prober this process runs while it leads, from CANARY / CANARY_RATE / CANARY_URL. */
export function canaryFromEnv(instance: string): CanaryProber | null {
  const setting = parseCanarySetting(process.env.CANARY, process.env.CANARY_RATE);
  if (!setting.ok) {
    log.error(`canary: ${setting.message}; the canary does not run`);
    return null;
  }
  const baseUrl = process.env.CANARY_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  return new CanaryProber({ ...setting, baseUrl, instance });
}
