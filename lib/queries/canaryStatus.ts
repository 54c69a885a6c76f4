import { canaryRunning } from '@/lib/domain/canary';
import { readCanary } from '@/lib/db/canary';

/** The canary prober as the leader last recorded it. */
export async function canaryStatus(now: Date) {
  const row = await readCanary();
  if (!row)
    return {
      known: false,
      enabled: false,
      running: false,
      ratePerMinute: null,
      instance: null,
      sent: 0,
      failed: 0,
      lastRequest: null,
    };
  return {
    known: true,
    enabled: row.enabled,
    running: row.enabled && canaryRunning(row.lastAt, now, row.ratePerMinute),
    ratePerMinute: row.ratePerMinute,
    instance: row.instance,
    sent: Number(row.sent),
    failed: Number(row.failed),
    lastRequest: row.lastAt
      ? {
          at: row.lastAt,
          symbol: row.lastSymbol,
          tf: row.lastTf,
          status: row.lastStatus,
          latencyMs: row.lastLatencyMs,
          error: row.lastError,
        }
      : null,
  };
}
