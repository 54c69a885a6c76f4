// The daily SLO report (issue 13, SPEC §5 and §7): what one UTC calendar day looked like — each
// gate's minutes in pass / warn / fail, breaches, stage changes, score volume, decisions by mode,
// and the hit rate and IR per horizon of the day's predictions. Pure: the read model
// (lib/queries/sloDailyReport.ts) gathers the rows, this module turns them into the report and
// its CSV.

import { csvLine } from './archive';
import { gateState, GATE_BANDS, type GateState } from './guardrails';
import { horizonDays, isHorizon } from './horizons';
import { informationRatioFromSums } from './quality';
import { isRolloutStage, liveShare, type RolloutStage } from './rollout';
import { LIVE_SCORE_RATE_MIN } from './slo/eligibility';
import { latencyQuantile } from './slo/histogram';
import type { MinuteRollup } from './slo/minutes';
import { MIN_REQUESTS_PER_MINUTE } from './slo/triggers';

/** Layout version of the stored report: a change of its shape bumps it. */
export const SLO_DAILY_REPORT_VERSION = 1;

export const DAY_MS = 86_400_000;

/** Breaches and stage changes listed in a report (the count says how many there were). */
export const MAX_REPORT_ROWS = 500;

/** The card's gates, in the order the report lists them. */
export const REPORT_GATES = ['p95', 'staleness', 'err', 'scoreRate'] as const;
export type ReportGate = (typeof REPORT_GATES)[number];

export const GATE_LABELS: Readonly<Record<ReportGate, string>> = Object.freeze({
  p95: 'p95 latency',
  staleness: 'staleness',
  err: 'error rate',
  scoreRate: 'score rate',
});

/**
 * How a minute is counted for a gate:
 * - `pass` / `warn` / `fail`: the minute's own value in the gate's band (GATE_BANDS, the same
 *   classification as the guardrails; the score rate passes at LIVE_SCORE_RATE_MIN a minute);
 * - `insufficient`: p95 and error rate of a minute with fewer than MIN_REQUESTS_PER_MINUTE
 *   requests (as promotion eligibility and the trigger rules, too little to judge);
 * - `noData`: no request in the minute (p95, error rate) or no staleness reading (no live feed);
 * - `notApplicable`: the score rate outside live stages (it is a gate of live stages only).
 */
export const MINUTE_STATES = [
  'pass',
  'warn',
  'fail',
  'insufficient',
  'noData',
  'notApplicable',
] as const;
export type MinuteState = (typeof MINUTE_STATES)[number];
export type GateMinutes = Record<MinuteState, number>;

const zeroMinutes = (): GateMinutes => ({
  pass: 0,
  warn: 0,
  fail: 0,
  insufficient: 0,
  noData: 0,
  notApplicable: 0,
});

/** 'YYYY-MM-DD' of a real calendar day of years 1000–9999, or null. */
export function parseReportDay(text: string): Date | null {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return null;
  const day = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return null;
  const year = day.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? day : null;
}

export const dayText = (day: Date): string => day.toISOString().slice(0, 10);

/** The UTC calendar day [from, to) of 'YYYY-MM-DD'. */
export function dayRange(day: string): { from: Date; to: Date } {
  const from = parseReportDay(day);
  if (!from) throw new RangeError(`not a day: ${day}`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** The UTC day before `now`'s: the one the daily job reports on. */
export const previousUtcDayText = (now: Date): string =>
  dayText(new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS));

/**
 * Why a day cannot be reported (or null): it has not ended yet (today or later, UTC), or it is
 * before the first SLO minute ever recorded (`firstDataDay`, null when there is none).
 */
export function reportDayProblem(day: string, now: Date, firstDataDay: string | null) {
  const today = dayText(new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS));
  if (day >= today)
    return `${day} has not ended yet (UTC): a day is reported once it is over, the latest is ${previousUtcDayText(now)}`;
  if (firstDataDay === null) return 'no SLO data has been recorded yet';
  if (day < firstDataDay) return `${day} is before the SLO data, which starts on ${firstDataDay}`;
  return null;
}

export interface StageChange {
  ts: Date;
  from: string;
  to: string;
  actor: string;
  reason: string;
  forced: boolean;
}

/**
 * The stage in force from each instant of the day on, oldest first, starting at the day's
 * start: the stage the last change before the day moved to; without one, the stage the day's
 * first change moved from; without any change at all, `currentStage`.
 */
export function stagesOfDay(input: {
  from: Date;
  before: StageChange | null;
  changes: readonly StageChange[];
  currentStage: RolloutStage;
}): { from: Date; stage: RolloutStage }[] {
  const valid = (s: string, fallback: RolloutStage) => (isRolloutStage(s) ? s : fallback);
  const first = input.before
    ? valid(input.before.to, input.currentStage)
    : input.changes[0]
      ? valid(input.changes[0].from, input.currentStage)
      : input.currentStage;
  const points = [{ from: input.from, stage: first }];
  for (const c of input.changes)
    points.push({ from: c.ts, stage: valid(c.to, points.at(-1)!.stage) });
  return points;
}

/** Each gate's state in one minute (rollup undefined: the minute has none). */
export function classifyMinute(
  rollup: MinuteRollup | undefined,
  stage: RolloutStage,
): Record<ReportGate, MinuteState> {
  const count = rollup?.count ?? 0;
  const judged = (value: number | null, band: (typeof GATE_BANDS)[keyof typeof GATE_BANDS]) =>
    count === 0 ? 'noData' : count < MIN_REQUESTS_PER_MINUTE ? 'insufficient' : banded(value, band);
  return {
    p95: judged(rollup ? latencyQuantile(rollup.latency, 0.95) : null, GATE_BANDS.p95),
    err: judged(count > 0 ? rollup!.errors / count : null, GATE_BANDS.err),
    staleness: banded(rollup?.maxStaleness ?? null, GATE_BANDS.staleness),
    scoreRate:
      liveShare(stage) === 0 ? 'notApplicable' : count >= LIVE_SCORE_RATE_MIN ? 'pass' : 'fail',
  };
}

function banded(value: number | null, band: { pass: number; warn: number }): MinuteState {
  const state: GateState = gateState(value, band);
  return state === 'n/a' ? 'noData' : state;
}

/**
 * Minutes of each gate over [from, to) in SLO minutes of `minuteMs` (60 s, or compressed in
 * rehearsals): every minute is counted once per gate, so each gate's counts add up to the
 * day's minutes. A minute's stage is the one in force at its start.
 */
export function gateMinutes(input: {
  rollups: readonly MinuteRollup[];
  from: Date;
  to: Date;
  minuteMs: number;
  stages: readonly { from: Date; stage: RolloutStage }[];
}): { minutes: number; gates: Record<ReportGate, GateMinutes> } {
  const { from, to, minuteMs, stages } = input;
  if (!(minuteMs > 0)) throw new RangeError(`minuteMs must be positive: ${minuteMs}`);
  const byMinute = new Map(input.rollups.map((r) => [r.minute.getTime(), r]));
  const gates = Object.fromEntries(REPORT_GATES.map((g) => [g, zeroMinutes()])) as Record<
    ReportGate,
    GateMinutes
  >;
  let stageIndex = 0;
  let minutes = 0;
  for (let t = from.getTime(); t < to.getTime(); t += minuteMs) {
    while (stageIndex + 1 < stages.length && stages[stageIndex + 1]!.from.getTime() <= t)
      stageIndex += 1;
    const states = classifyMinute(byMinute.get(t), stages[stageIndex]?.stage ?? 'off');
    for (const g of REPORT_GATES) gates[g][states[g]] += 1;
    minutes += 1;
  }
  return { minutes, gates };
}

export type WorstState = 'fail' | 'warn' | 'pass' | 'noData';

/** The worst state any gate was in for a minute of the day ('noData': none was judged). */
export function worstState(gates: Record<ReportGate, GateMinutes>): WorstState {
  const all = Object.values(gates);
  if (all.some((g) => g.fail > 0)) return 'fail';
  if (all.some((g) => g.warn > 0)) return 'warn';
  if (all.some((g) => g.pass > 0)) return 'pass';
  return 'noData';
}

/**
 * The model versions the day's quality is about: every version active at some moment of the
 * day (a version is active from its activation until the next version's), or, when no version
 * has an activation time, the one active now.
 */
export function modelsActiveDuring(
  versions: readonly { id: string; activatedAt: Date | null }[],
  from: Date,
  to: Date,
  activeNow: string | null,
): string[] {
  const activated = versions
    .filter((v): v is { id: string; activatedAt: Date } => v.activatedAt !== null)
    .sort((a, b) => a.activatedAt.getTime() - b.activatedAt.getTime());
  if (activated.length === 0) return activeNow ? [activeNow] : [];
  const ids: string[] = [];
  activated.forEach((v, i) => {
    const until = activated[i + 1]?.activatedAt ?? null;
    if (v.activatedAt < to && (until === null || until > from)) ids.push(v.id);
  });
  if (ids.length === 0 && activeNow) ids.push(activeNow);
  return ids.sort();
}

/** The sums of one model × horizon over the day (every bucket and timeframe family). */
export interface DayQualitySums {
  modelId: string;
  horizon: string;
  n: number;
  nDecisions: number;
  decisionHits: number;
  sumReturn: number;
  sumReturnSq: number;
  sumConfid: number;
}

export interface HorizonQuality {
  modelId: string;
  horizon: string;
  /** Matured pairs of the day's predictions, with a decision and not. */
  n: number;
  nDecisions: number;
  hitRate: number | null;
  /** Annualised by the horizon (quality.ts), null below 2 decisions or without spread. */
  ir: number | null;
  meanConfid: number | null;
}

const horizonOrder = (h: string) => (isHorizon(h) ? horizonDays(h) : Number.POSITIVE_INFINITY);

/** Hit rate and IR per model and horizon, as the metrics define them (metricsFromSums). */
export function horizonQuality(rows: readonly DayQualitySums[]): HorizonQuality[] {
  return rows
    .filter((r) => isHorizon(r.horizon))
    .map((r) => ({
      modelId: r.modelId,
      horizon: r.horizon,
      n: r.n,
      nDecisions: r.nDecisions,
      hitRate: r.nDecisions > 0 ? r.decisionHits / r.nDecisions : null,
      ir: informationRatioFromSums(
        r.nDecisions,
        r.sumReturn,
        r.sumReturnSq,
        horizonDays(r.horizon),
      ),
      meanConfid: r.n > 0 ? r.sumConfid / r.n : null,
    }))
    .sort(
      (a, b) =>
        a.modelId.localeCompare(b.modelId) || horizonOrder(a.horizon) - horizonOrder(b.horizon),
    );
}

export interface ReportBreach {
  ts: Date;
  rule: string;
  severity: string;
  window: string;
  action: string;
  stageBefore: string;
  stageAfter: string;
  pausedLive: boolean;
  endedAt: Date | null;
}

export interface DecisionCount {
  /** The score's mode (`live`, `preview`, `shadow`, `off`), `none` for a failed request. */
  mode: string;
  decision: -1 | 0 | 1 | null;
  count: number;
}

export interface SloDailyReport {
  version: number;
  day: string;
  from: Date;
  to: Date;
  builtAt: Date;
  minuteSeconds: number;
  minutes: number;
  worst: WorstState;
  gates: Record<ReportGate, GateMinutes>;
  stages: { from: Date; stage: RolloutStage }[];
  breaches: { count: number; items: ReportBreach[] };
  stageChanges: { count: number; items: StageChange[] };
  volume: { requests: number; errors: number; minutesWithTraffic: number };
  decisions: {
    /** Raw score events found for the day; fewer than `volume.requests` once they are purged. */
    events: number;
    complete: boolean;
    byMode: DecisionCount[];
  };
  quality: { models: string[]; horizons: HorizonQuality[] };
}

export interface ReportInput {
  day: string;
  builtAt: Date;
  minuteMs: number;
  rollups: readonly MinuteRollup[];
  stageBefore: StageChange | null;
  stageChanges: readonly StageChange[];
  stageChangeCount: number;
  currentStage: RolloutStage;
  breaches: readonly ReportBreach[];
  breachCount: number;
  decisions: readonly DecisionCount[];
  models: readonly string[];
  qualitySums: readonly DayQualitySums[];
}

const MODE_ORDER = ['live', 'shadow', 'preview', 'off', 'none'];
const modeRank = (m: string) => {
  const i = MODE_ORDER.indexOf(m);
  return i < 0 ? MODE_ORDER.length : i;
};

/** The report of one UTC day from its rows. */
export function buildSloDailyReport(input: ReportInput): SloDailyReport {
  const { from, to } = dayRange(input.day);
  const inDay = input.rollups.filter((r) => r.minute >= from && r.minute < to);
  const stages = stagesOfDay({
    from,
    before: input.stageBefore,
    changes: input.stageChanges,
    currentStage: input.currentStage,
  });
  const { minutes, gates } = gateMinutes({
    rollups: inDay,
    from,
    to,
    minuteMs: input.minuteMs,
    stages,
  });
  const requests = inDay.reduce((s, r) => s + r.count, 0);
  const events = input.decisions.reduce((s, d) => s + d.count, 0);
  return {
    version: SLO_DAILY_REPORT_VERSION,
    day: input.day,
    from,
    to,
    builtAt: input.builtAt,
    minuteSeconds: input.minuteMs / 1000,
    minutes,
    worst: worstState(gates),
    gates,
    stages,
    breaches: { count: input.breachCount, items: input.breaches.slice(0, MAX_REPORT_ROWS) },
    stageChanges: {
      count: input.stageChangeCount,
      items: input.stageChanges.slice(0, MAX_REPORT_ROWS),
    },
    volume: {
      requests,
      errors: inDay.reduce((s, r) => s + r.errors, 0),
      minutesWithTraffic: inDay.filter((r) => r.count > 0).length,
    },
    decisions: {
      events,
      complete: events === requests,
      byMode: [...input.decisions].sort(
        (a, b) =>
          modeRank(a.mode) - modeRank(b.mode) ||
          a.mode.localeCompare(b.mode) ||
          (a.decision ?? -2) - (b.decision ?? -2),
      ),
    },
    quality: {
      models: [...input.models],
      horizons: horizonQuality(input.qualitySums.filter((q) => input.models.includes(q.modelId))),
    },
  };
}

/** The CSV's columns: one flat layout for every section (README "Reports"). */
export const REPORT_CSV_COLUMNS = [
  'day',
  'section',
  'key',
  'pass',
  'warn',
  'fail',
  'insufficient',
  'no_data',
  'not_applicable',
  'value',
  'ts',
  'detail',
] as const;

/**
 * The report as CSV (RFC 4180, CRLF, the archives' quoting): a header, then one row per gate
 * (`gate`, its minutes by state), then `volume`, `decisions` (mode:decision → count), `quality`
 * (model:horizon → n, decisions, hit rate, IR in `detail` as JSON), `stage` (the stage in force
 * from `ts`), `stage_change` and `breach` rows (their time in `ts`, the rest in `detail`).
 */
export function sloDailyReportCsv(report: SloDailyReport): string {
  const day = report.day;
  const empty = ['', '', '', '', '', ''];
  const row = (section: string, key: string, value: unknown, ts: Date | null, detail: unknown) =>
    csvLine([day, section, key, ...empty, value as never, ts, detail as never]);
  let text = csvLine([...REPORT_CSV_COLUMNS]);
  for (const g of REPORT_GATES) {
    const m = report.gates[g];
    text += csvLine([
      day,
      'gate',
      g,
      m.pass,
      m.warn,
      m.fail,
      m.insufficient,
      m.noData,
      m.notApplicable,
      report.minutes,
      null,
      GATE_LABELS[g],
    ]);
  }
  text += row('summary', 'worst', report.worst, null, null);
  text += row('volume', 'requests', report.volume.requests, null, null);
  text += row('volume', 'errors', report.volume.errors, null, null);
  text += row('volume', 'minutes_with_traffic', report.volume.minutesWithTraffic, null, null);
  text += row('decisions', 'events', report.decisions.events, null, {
    complete: report.decisions.complete,
  });
  for (const d of report.decisions.byMode)
    text += row('decisions', `${d.mode}:${d.decision ?? 'none'}`, d.count, null, null);
  for (const q of report.quality.horizons)
    text += row('quality', `${q.modelId}:${q.horizon}`, q.hitRate, null, {
      n: q.n,
      nDecisions: q.nDecisions,
      hitRate: q.hitRate,
      ir: q.ir,
      meanConfid: q.meanConfid,
    });
  for (const s of report.stages) text += row('stage', s.stage, s.stage, s.from, null);
  for (const c of report.stageChanges.items)
    text += row('stage_change', `${c.from}->${c.to}`, c.actor, c.ts, {
      reason: c.reason,
      forced: c.forced,
    });
  for (const b of report.breaches.items)
    text += row('breach', b.rule, b.action, b.ts, {
      severity: b.severity,
      window: b.window,
      stageBefore: b.stageBefore,
      stageAfter: b.stageAfter,
      pausedLive: b.pausedLive,
      endedAt: b.endedAt,
    });
  return text;
}
