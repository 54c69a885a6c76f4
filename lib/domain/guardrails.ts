// SLO gates of scoring (SPEC §5): each observed value falls in a pass / warn / fail band.

export type GateState = 'pass' | 'warn' | 'fail' | 'n/a';

export interface Band {
  /** Highest value that still passes. */
  pass: number;
  /** Highest value that only warns; anything above fails. */
  warn: number;
}

export const GATE_BANDS = {
  /** p95 latency of score requests over the last 15 minutes, milliseconds. */
  p95: { pass: 1000, warn: 1500 },
  /** Seconds since the symbol's live feed last updated. */
  staleness: { pass: 30, warn: 60 },
  /** Share of score requests that failed over the last 30 minutes (0.01 = 1 %). */
  err: { pass: 0.01, warn: 0.02 },
} as const satisfies Record<string, Band>;

export type GateName = keyof typeof GATE_BANDS;

export interface ObservedSlo {
  /** null: nothing observed (no traffic, or no live feed for this symbol). */
  p95: number | null;
  err: number | null;
  staleness: number | null;
}

export interface Guardrails extends ObservedSlo {
  status: Exclude<GateState, 'n/a'>;
  /** True when a gate fails: the decision must not be live. */
  advisory: boolean;
  gates: Record<GateName, GateState>;
  reasons: string[];
}

export function gateState(value: number | null, band: Band): GateState {
  if (value === null) return 'n/a';
  return value <= band.pass ? 'pass' : value <= band.warn ? 'warn' : 'fail';
}

/** Each gate's value in the unit its reason is written in (the error rate as a percentage). */
const UNITS: Record<GateName, { label: string; unit: string; scale: number; digits: number }> = {
  p95: { label: 'p95 latency', unit: 'ms', scale: 1, digits: 0 },
  staleness: { label: 'data staleness', unit: 's', scale: 1, digits: 0 },
  err: { label: 'error rate', unit: '%', scale: 100, digits: 2 },
};

/**
 * `value` written with as many decimals as it takes to read as above `limit` (1500.4 ms is
 * "1500.4 ms > 1500 ms", never "1500 ms > 1500 ms").
 */
function shownAbove(value: number, limit: number, digits: number): string {
  for (let d = digits; d <= 9; d++) {
    const shown = value.toFixed(d);
    if (Number(shown) > limit) return shown;
  }
  return String(value);
}

/** "p95 latency 1600 ms > 1500 ms", "data staleness 75 s > 60 s", "error rate 3.00 % > 2 %". */
export function gateReason(name: GateName, value: number, limit: number): string {
  const { label, unit, scale, digits } = UNITS[name];
  const scaledLimit = Number((limit * scale).toPrecision(12));
  return `${label} ${shownAbove(value * scale, scaledLimit, digits)} ${unit} > ${scaledLimit} ${unit}`;
}

/** Seconds since a feed's last success as of `now`; clock skew never makes it negative. */
export const stalenessSeconds = (lastSuccessAt: Date, now: Date): number =>
  Math.max(0, (now.getTime() - lastSuccessAt.getTime()) / 1000);

export function evaluateGuardrails(observed: ObservedSlo): Guardrails {
  const gates = {} as Record<GateName, GateState>;
  const reasons: string[] = [];
  for (const name of Object.keys(GATE_BANDS) as GateName[]) {
    const band = GATE_BANDS[name];
    const state = gateState(observed[name], band);
    gates[name] = state;
    if (state === 'fail') reasons.push(gateReason(name, observed[name]!, band.warn));
    if (state === 'warn') reasons.push(`${gateReason(name, observed[name]!, band.pass)} (warn)`);
  }
  const states = Object.values(gates);
  const status = states.includes('fail') ? 'fail' : states.includes('warn') ? 'warn' : 'pass';
  return { ...observed, status, advisory: status === 'fail', gates, reasons };
}

/**
 * Parses the rehearsal header `x-test-guardrails: p95=1600,err=0.03[,staleness=90]`. Returns
 * the overrides, or an error message naming the bad part.
 */
export function parseGuardrailOverride(
  header: string,
): { ok: true; override: Partial<ObservedSlo> } | { ok: false; message: string } {
  const override: Partial<ObservedSlo> = {};
  for (const part of header.split(',')) {
    const match = /^\s*(p95|err|staleness)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(part);
    if (!match)
      return { ok: false, message: `cannot read "${part.trim()}": use p95=…,err=…,staleness=…` };
    override[match[1] as GateName] = Number(match[2]);
  }
  return { ok: true, override };
}
