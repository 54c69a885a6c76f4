// Per-minute rollups of score requests and the window aggregates read from them.

import {
  addHistograms,
  confidBin,
  confidMedian,
  emptyConfidHistogram,
  emptyLatencyHistogram,
  latencyBucket,
  latencyQuantile,
} from './histogram';

export const MINUTE_MS = 60_000;

/** Start of the minute holding `t`, epoch ms. */
export const floorToMinute = (t: Date | number): number => {
  const ms = typeof t === 'number' ? t : t.getTime();
  return ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
};

export interface MinuteRollup {
  minute: Date;
  count: number;
  errors: number;
  latency: number[];
  confid: number[];
  /** null: no request of the minute carried a staleness (no live feed). */
  maxStaleness: number | null;
}

export interface ScoreEventSample {
  latencyMs: number;
  status: number;
  confid: number | null;
  staleness: number | null;
}

/** Rolls raw events of one minute into a MinuteRollup; `minute` is floored to its start. */
export function rollupMinute(minute: Date, events: readonly ScoreEventSample[]): MinuteRollup {
  const latency = emptyLatencyHistogram();
  const confid = emptyConfidHistogram();
  let errors = 0;
  let maxStaleness: number | null = null;
  for (const e of events) {
    latency[latencyBucket(e.latencyMs)] += 1;
    if (e.status >= 500) errors += 1;
    if (e.confid !== null) confid[confidBin(e.confid)] += 1;
    if (e.staleness !== null && (maxStaleness === null || e.staleness > maxStaleness))
      maxStaleness = e.staleness;
  }
  return {
    minute: new Date(floorToMinute(minute)),
    count: events.length,
    errors,
    latency,
    confid,
    maxStaleness,
  };
}

export interface WindowStats {
  from: Date;
  to: Date;
  minutes: number;
  count: number;
  errors: number;
  errRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  maxStaleness: number | null;
  medianConfid: number | null;
  ratePerMinute: number;
}

function aggregate(rollups: readonly MinuteRollup[], from: number, to: number): WindowStats {
  let count = 0;
  let errors = 0;
  let latency = emptyLatencyHistogram();
  let confid = emptyConfidHistogram();
  let maxStaleness: number | null = null;
  for (const r of rollups) {
    count += r.count;
    errors += r.errors;
    latency = addHistograms(latency, r.latency);
    confid = addHistograms(confid, r.confid);
    if (r.maxStaleness !== null && (maxStaleness === null || r.maxStaleness > maxStaleness))
      maxStaleness = r.maxStaleness;
  }
  const minutes = (to - from) / MINUTE_MS;
  return {
    from: new Date(from),
    to: new Date(to),
    minutes,
    count,
    errors,
    errRate: count > 0 ? errors / count : null,
    p50: latencyQuantile(latency, 0.5),
    p95: latencyQuantile(latency, 0.95),
    p99: latencyQuantile(latency, 0.99),
    maxStaleness,
    medianConfid: confidMedian(confid),
    ratePerMinute: minutes > 0 ? count / minutes : 0,
  };
}

function checkRange(from: Date, to: Date): void {
  if (!(to.getTime() >= from.getTime()))
    throw new RangeError(
      `window ends before it starts: ${from.toISOString()} → ${to.toISOString()}`,
    );
}

/** Aggregate of the rollups with from <= minute < to (missing minutes count as zero traffic). */
export function windowStats(rollups: readonly MinuteRollup[], from: Date, to: Date): WindowStats {
  checkRange(from, to);
  const lo = from.getTime();
  const hi = to.getTime();
  const inside = rollups.filter((r) => r.minute.getTime() >= lo && r.minute.getTime() < hi);
  return aggregate(inside, lo, hi);
}

export interface ChartPoint {
  t: Date;
  count: number;
  p95: number | null;
  errRate: number | null;
  maxStaleness: number | null;
}

/**
 * Points of `stepMinutes` from `from` (the last one may be shorter, ending at `to`), oldest
 * first. An empty step is a point with count 0 and nulls, so the chart shows a gap.
 */
export function chartSeries(
  rollups: readonly MinuteRollup[],
  from: Date,
  to: Date,
  stepMinutes: number,
): ChartPoint[] {
  checkRange(from, to);
  if (!Number.isInteger(stepMinutes) || stepMinutes <= 0)
    throw new RangeError(`stepMinutes must be a positive integer: ${stepMinutes}`);
  const lo = from.getTime();
  const hi = to.getTime();
  const step = stepMinutes * MINUTE_MS;
  // One pass over the rollups: 90 days of minutes against thousands of steps must stay linear.
  const groups: MinuteRollup[][] = Array.from({ length: Math.ceil((hi - lo) / step) }, () => []);
  for (const r of rollups) {
    const t = r.minute.getTime();
    if (t >= lo && t < hi) groups[Math.floor((t - lo) / step)].push(r);
  }
  return groups.map((group, i) => {
    const start = lo + i * step;
    const s = aggregate(group, start, Math.min(start + step, hi));
    return {
      t: s.from,
      count: s.count,
      p95: s.p95,
      errRate: s.errRate,
      maxStaleness: s.maxStaleness,
    };
  });
}
