// Error-budget burn rates over short and long windows (SRE multi-window alerting): a fast burn
// shows in 1 h before it exhausts the budget, a slow leak only in 6 h or 3 d.

import { GATE_BANDS } from '../guardrails';
import { LATENCY_BOUNDS_MS } from './histogram';
import { floorToMinute, MINUTE_MS, type MinuteRollup } from './minutes';

export const BURN_WINDOWS: readonly { name: '1h' | '6h' | '3d'; minutes: number }[] = Object.freeze(
  [
    { name: '1h', minutes: 60 },
    { name: '6h', minutes: 360 },
    { name: '3d', minutes: 3 * 24 * 60 },
  ] as const,
);

export type SloName = 'availability' | 'latency' | 'freshness';

export interface BurnRate {
  slo: SloName;
  window: string;
  bad: number;
  total: number;
  budget: number;
  /** 1 spends the budget exactly as fast as allowed; null with no data in the window. */
  burnRate: number | null;
}

/** Share of events allowed to be bad. */
export const ERROR_BUDGETS: Readonly<Record<SloName, number>> = Object.freeze({
  availability: 0.01,
  latency: 0.05,
  freshness: 0.05,
});

// Buckets after the pass edge hold only requests slower than it, because the edge is a bound.
const SLOW_FROM_BUCKET = LATENCY_BOUNDS_MS.indexOf(GATE_BANDS.p95.pass) + 1;

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

function badAndTotal(slo: SloName, rollups: readonly MinuteRollup[]): [number, number] {
  switch (slo) {
    case 'availability':
      return [sum(rollups.map((r) => r.errors)), sum(rollups.map((r) => r.count))];
    case 'latency':
      return [
        sum(rollups.map((r) => sum(r.latency.slice(SLOW_FROM_BUCKET)))),
        sum(rollups.map((r) => sum(r.latency))),
      ];
    case 'freshness': {
      // Minutes without a staleness reading are neither good nor bad: there was no feed to judge.
      const judged = rollups.filter((r) => r.maxStaleness !== null);
      const stale = judged.filter((r) => r.maxStaleness! > GATE_BANDS.staleness.pass);
      return [stale.length, judged.length];
    }
  }
}

/** Windows end at the start of the minute holding `now`, which is still filling. */
export function burnRates(rollups: readonly MinuteRollup[], now: Date): BurnRate[] {
  const end = floorToMinute(now);
  const rows: BurnRate[] = [];
  for (const slo of ['availability', 'latency', 'freshness'] as const) {
    for (const w of BURN_WINDOWS) {
      const from = end - w.minutes * MINUTE_MS;
      const inside = rollups.filter((r) => r.minute.getTime() >= from && r.minute.getTime() < end);
      const [bad, total] = badAndTotal(slo, inside);
      const budget = ERROR_BUDGETS[slo];
      rows.push({
        slo,
        window: w.name,
        bad,
        total,
        budget,
        burnRate: total > 0 ? bad / total / budget : null,
      });
    }
  }
  return rows;
}
