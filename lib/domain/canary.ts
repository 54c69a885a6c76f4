// The canary prober's plan: whether it runs, how fast, and which series it scores next.

export const CANARY_DEFAULT_RATE = 12;
/** Above this the canary would count against the scoring rate limit of real callers. */
export const CANARY_MAX_RATE = 600;

export type CanarySetting =
  { ok: true; enabled: boolean; ratePerMinute: number } | { ok: false; message: string };

/**
 * CANARY: unset / `on` / `1` / `true` runs it, `off` / `0` / `false` does not; CANARY_RATE is
 * requests per minute (default 12, 0 < rate ≤ 600). Anything else is a configuration error.
 */
export function parseCanarySetting(
  canary: string | undefined,
  rate: string | undefined,
): CanarySetting {
  const flag = (canary ?? 'on').trim().toLowerCase();
  const on = ['on', '1', 'true', ''].includes(flag);
  const off = ['off', '0', 'false'].includes(flag);
  if (!on && !off) return { ok: false, message: `CANARY=${canary}: use on or off` };
  const perMinute = rate === undefined || rate.trim() === '' ? CANARY_DEFAULT_RATE : Number(rate);
  if (!Number.isFinite(perMinute) || perMinute <= 0 || perMinute > CANARY_MAX_RATE)
    return {
      ok: false,
      message: `CANARY_RATE=${rate}: requests per minute, above 0 and at most ${CANARY_MAX_RATE}`,
    };
  return { ok: true, enabled: on, ratePerMinute: perMinute };
}

/** Milliseconds between two canary requests at this rate. */
export const canaryIntervalMs = (ratePerMinute: number) => 60_000 / ratePerMinute;

/**
 * Whether a request is due at `now` (epoch ms): the first at once, then one per interval. The
 * schedule keeps its phase (the next is due one interval after the previous was due, not after
 * it was sent), but never bursts to catch up after a pause: at most one request a tick.
 */
export function canaryDue(
  lastDue: number | null,
  now: number,
  ratePerMinute: number,
): { due: boolean; dueAt: number } {
  const interval = canaryIntervalMs(ratePerMinute);
  if (lastDue === null) return { due: true, dueAt: now };
  const next = lastDue + interval;
  if (now < next) return { due: false, dueAt: next };
  // Late by more than an interval (a long pause): restart the phase at now.
  return { due: true, dueAt: now - next >= interval ? now : next };
}

/** The series of the n-th request: round robin over the universe, in its order. */
export const canaryTarget = <T>(universe: readonly T[], n: number): T | null =>
  universe.length === 0 ? null : universe[n % universe.length]!;

/** Whether the canary counts as running: a request in the last three intervals (at least 30 s). */
export function canaryRunning(lastAt: Date | null, now: Date, ratePerMinute: number): boolean {
  if (!lastAt) return false;
  return now.getTime() - lastAt.getTime() <= Math.max(30_000, 3 * canaryIntervalMs(ratePerMinute));
}
