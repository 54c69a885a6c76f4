import { describe, expect, it } from 'vitest';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './slo/histogram';
import type { MinuteRollup } from './slo/minutes';
import {
  buildSloDailyReport,
  classifyMinute,
  dayRange,
  gateMinutes,
  horizonQuality,
  modelsActiveDuring,
  parseReportDay,
  previousUtcDayText,
  REPORT_GATES,
  reportDayProblem,
  sloDailyReportCsv,
  stagesOfDay,
  worstState,
  type ReportInput,
  type StageChange,
} from './sloDailyReport';
import { informationRatioFromSums } from './quality';

const DAY = '2026-03-02';
const T0 = Date.parse(`${DAY}T00:00:00Z`);
const at = (minute: number) => new Date(T0 + minute * 60_000);

function rollup(
  minute: number,
  o: { count: number; errors?: number; latencyMs?: number; staleness?: number | null },
): MinuteRollup {
  const latency = emptyLatencyHistogram();
  latency[LATENCY_BOUNDS_MS.indexOf(o.latencyMs ?? 100)] += o.count;
  return {
    minute: at(minute),
    count: o.count,
    errors: o.errors ?? 0,
    latency,
    confid: emptyConfidHistogram(),
    maxStaleness: o.staleness === undefined ? 5 : o.staleness,
  };
}

const change = (minute: number, from: string, to: string): StageChange => ({
  ts: at(minute),
  from,
  to,
  actor: 'op',
  reason: 'test',
  forced: false,
});

describe('days', () => {
  it('reads only real calendar days of years 1000–9999', () => {
    expect(parseReportDay('2026-03-02')?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-3-2', '0999-12-31', '10000-01-01', '', '2026-03-02T00'])
      expect(parseReportDay(bad)).toBeNull();
    expect(dayRange('2024-02-29').to.toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('reports a day once it is over and not before the data', () => {
    const now = new Date('2026-03-03T00:04:00Z');
    expect(previousUtcDayText(now)).toBe('2026-03-02');
    expect(reportDayProblem('2026-03-02', now, '2026-01-01')).toBeNull();
    expect(reportDayProblem('2026-03-03', now, '2026-01-01')).toMatch(/not ended/);
    expect(reportDayProblem('2027-01-01', now, '2026-01-01')).toMatch(/not ended/);
    expect(reportDayProblem('2025-12-31', now, '2026-01-01')).toMatch(/before the SLO data/);
    expect(reportDayProblem('2026-03-02', now, null)).toMatch(/no SLO data/);
  });
});

describe('stagesOfDay', () => {
  it('starts with the stage the last change before the day set, then follows the changes', () => {
    const stages = stagesOfDay({
      from: at(0),
      before: change(-30, 'off', 'preview'),
      changes: [change(360, 'preview', '0.1'), change(720, '0.1', 'off')],
      currentStage: '1.0',
    });
    expect(stages.map((s) => [s.from.toISOString(), s.stage])).toEqual([
      [at(0).toISOString(), 'preview'],
      [at(360).toISOString(), '0.1'],
      [at(720).toISOString(), 'off'],
    ]);
  });

  it('without an earlier change, the first change says where the day started; else the current', () => {
    expect(
      stagesOfDay({
        from: at(0),
        before: null,
        changes: [change(5, '0.5', 'off')],
        currentStage: 'off',
      })[0]!.stage,
    ).toBe('0.5');
    expect(stagesOfDay({ from: at(0), before: null, changes: [], currentStage: '0.1' })).toEqual([
      { from: at(0), stage: '0.1' },
    ]);
  });
});

describe('classifyMinute', () => {
  it('uses the guardrail bands on the minute’s own values', () => {
    expect(classifyMinute(rollup(0, { count: 20, latencyMs: 1000, staleness: 30 }), '0.1')).toEqual(
      {
        p95: 'pass',
        err: 'pass',
        staleness: 'pass',
        scoreRate: 'pass',
      },
    );
    // 1 error in 60 = 1.67 % (warn), p95 in (1000, 1250] (warn), staleness 45 s (warn).
    expect(
      classifyMinute(
        rollup(0, { count: 60, errors: 1, latencyMs: 1250, staleness: 45 }),
        'preview',
      ),
    ).toEqual({ p95: 'warn', err: 'warn', staleness: 'warn', scoreRate: 'notApplicable' });
    expect(
      classifyMinute(rollup(0, { count: 9, errors: 1, latencyMs: 2000, staleness: 61 }), '1.0'),
    ).toEqual({ p95: 'fail', err: 'fail', staleness: 'fail', scoreRate: 'fail' });
  });

  it('too little traffic is insufficient, none is no data; a live minute without traffic fails the rate', () => {
    expect(classifyMinute(rollup(0, { count: 4, errors: 4, staleness: null }), 'preview')).toEqual({
      p95: 'insufficient',
      err: 'insufficient',
      staleness: 'noData',
      scoreRate: 'notApplicable',
    });
    expect(classifyMinute(undefined, '0.5')).toEqual({
      p95: 'noData',
      err: 'noData',
      staleness: 'noData',
      scoreRate: 'fail',
    });
    // The last rolled minute carries the feeds' staleness without traffic.
    expect(classifyMinute(rollup(0, { count: 0, staleness: 12 }), 'off').staleness).toBe('pass');
  });
});

describe('gateMinutes', () => {
  it('counts a known mix of minutes exactly, each gate adding up to the day', () => {
    const rollups: MinuteRollup[] = [];
    // 0–99: healthy (100 pass everywhere); preview all morning.
    for (let m = 0; m < 100; m++) rollups.push(rollup(m, { count: 12 }));
    // 100–109: slow (p95 fail), 110–114: warn latency and 1 error in 50 (2 %: warn).
    for (let m = 100; m < 110; m++) rollups.push(rollup(m, { count: 12, latencyMs: 2000 }));
    for (let m = 110; m < 115; m++)
      rollups.push(rollup(m, { count: 50, errors: 1, latencyMs: 1500 }));
    // 115–119: 3 requests (insufficient), staleness 90 (fail).
    for (let m = 115; m < 120; m++) rollups.push(rollup(m, { count: 3, staleness: 90 }));
    // 600–659 at stage 0.1: 8 requests a minute (score rate fails), no live feed.
    for (let m = 600; m < 660; m++) rollups.push(rollup(m, { count: 8, staleness: null }));
    const stages = [
      { from: at(0), stage: 'preview' as const },
      { from: at(600), stage: '0.1' as const },
      { from: at(700), stage: 'off' as const },
    ];
    const { minutes, gates } = gateMinutes({
      rollups,
      from: at(0),
      to: at(1440),
      minuteMs: 60_000,
      stages,
    });
    expect(minutes).toBe(1440);
    const silent = 1440 - 180;
    expect(gates.p95).toEqual({
      pass: 100 + 60,
      warn: 5,
      fail: 10,
      insufficient: 5,
      noData: silent,
      notApplicable: 0,
    });
    expect(gates.err).toEqual({
      pass: 100 + 10 + 60,
      warn: 5,
      fail: 0,
      insufficient: 5,
      noData: silent,
      notApplicable: 0,
    });
    expect(gates.staleness).toEqual({
      pass: 115,
      warn: 0,
      fail: 5,
      insufficient: 0,
      noData: 60 + silent,
      notApplicable: 0,
    });
    // Live from 600 to 700: 60 minutes at 8 a minute and 40 without traffic fail.
    expect(gates.scoreRate).toEqual({
      pass: 0,
      warn: 0,
      fail: 100,
      insufficient: 0,
      noData: 0,
      notApplicable: 1340,
    });
    for (const g of REPORT_GATES)
      expect(Object.values(gates[g]).reduce((s, n) => s + n, 0)).toBe(1440);
    expect(worstState(gates)).toBe('fail');
  });

  it('counts compressed SLO minutes (1 s each: 86,400 in a day)', () => {
    const { minutes, gates } = gateMinutes({
      rollups: [{ ...rollup(0, { count: 6 }), minute: new Date(T0 + 1000) }],
      from: at(0),
      to: at(1440),
      minuteMs: 1000,
      stages: [{ from: at(0), stage: 'off' }],
    });
    expect(minutes).toBe(86_400);
    expect(gates.p95.pass).toBe(1);
    expect(gates.p95.noData).toBe(86_399);
  });

  it('a day without a judged minute is noData at worst; warn beats pass', () => {
    const quiet = gateMinutes({
      rollups: [],
      from: at(0),
      to: at(1440),
      minuteMs: 60_000,
      stages: [{ from: at(0), stage: 'preview' }],
    });
    expect(worstState(quiet.gates)).toBe('noData');
    const warm = gateMinutes({
      rollups: [rollup(3, { count: 10, staleness: 40 })],
      from: at(0),
      to: at(1440),
      minuteMs: 60_000,
      stages: [{ from: at(0), stage: 'preview' }],
    });
    expect(worstState(warm.gates)).toBe('warn');
  });
});

describe('modelsActiveDuring', () => {
  const versions = [
    { id: 'a', activatedAt: new Date('2026-01-01T00:00:00Z') },
    { id: 'b', activatedAt: new Date('2026-03-02T12:00:00Z') },
    { id: 'c', activatedAt: new Date('2026-03-05T00:00:00Z') },
    { id: 'cand', activatedAt: null },
  ];
  it('takes every version active at some moment of the day', () => {
    expect(modelsActiveDuring(versions, at(0), at(1440), 'c')).toEqual(['a', 'b']);
    expect(modelsActiveDuring(versions, at(1440), at(2880), 'c')).toEqual(['b']);
    expect(
      modelsActiveDuring(versions, new Date('2025-01-01'), new Date('2025-01-02'), 'c'),
    ).toEqual(['c']);
  });
  it('falls back to the active version when none has an activation time', () => {
    expect(modelsActiveDuring([{ id: 'x', activatedAt: null }], at(0), at(1440), 'x')).toEqual([
      'x',
    ]);
    expect(modelsActiveDuring([], at(0), at(1440), null)).toEqual([]);
  });
});

describe('horizonQuality', () => {
  it('is the metrics’ hit rate and IR from the day’s sums, horizons in order of length', () => {
    const rows = horizonQuality([
      {
        modelId: 'm',
        horizon: '7d',
        n: 4,
        nDecisions: 3,
        decisionHits: 2,
        sumReturn: 0.03,
        sumReturnSq: 0.0005,
        sumConfid: 2.4,
      },
      {
        modelId: 'm',
        horizon: '1h',
        n: 1,
        nDecisions: 0,
        decisionHits: 0,
        sumReturn: 0,
        sumReturnSq: 0,
        sumConfid: 0.5,
      },
    ]);
    expect(rows.map((r) => r.horizon)).toEqual(['1h', '7d']);
    expect(rows[0]).toMatchObject({ hitRate: null, ir: null, meanConfid: 0.5 });
    expect(rows[1]!.hitRate).toBeCloseTo(2 / 3, 15);
    expect(rows[1]!.ir).toBe(informationRatioFromSums(3, 0.03, 0.0005, 7));
    expect(rows[1]!.meanConfid).toBeCloseTo(0.6, 15);
  });
});

describe('buildSloDailyReport and its CSV', () => {
  const input: ReportInput = {
    day: DAY,
    builtAt: new Date('2026-03-03T00:05:00Z'),
    minuteMs: 60_000,
    rollups: [rollup(0, { count: 12, errors: 1 }), rollup(1, { count: 10 })],
    stageBefore: null,
    stageChanges: [change(1, 'preview', '0.1')],
    stageChangeCount: 1,
    currentStage: '0.1',
    breaches: [
      {
        ts: at(2),
        rule: 'p95-15m',
        severity: 'major',
        window: '15m',
        action: 'preview',
        stageBefore: '0.1',
        stageAfter: 'preview',
        pausedLive: false,
        endedAt: null,
      },
    ],
    breachCount: 1,
    decisions: [
      { mode: 'preview', decision: 1, count: 11 },
      { mode: 'none', decision: null, count: 1 },
      { mode: 'live', decision: -1, count: 10 },
    ],
    models: ['m'],
    qualitySums: [
      {
        modelId: 'other',
        horizon: '1d',
        n: 1,
        nDecisions: 1,
        decisionHits: 1,
        sumReturn: 1,
        sumReturnSq: 1,
        sumConfid: 1,
      },
    ],
  };

  it('holds volume, decisions and only the models of the day', () => {
    const report = buildSloDailyReport(input);
    expect(report.volume).toEqual({ requests: 22, errors: 1, minutesWithTraffic: 2 });
    expect(report.decisions).toEqual({
      events: 22,
      complete: true,
      byMode: [
        { mode: 'live', decision: -1, count: 10 },
        { mode: 'preview', decision: 1, count: 11 },
        { mode: 'none', decision: null, count: 1 },
      ],
    });
    expect(report.quality).toEqual({ models: ['m'], horizons: [] });
    expect(report.stages.map((s) => s.stage)).toEqual(['preview', '0.1']);
    // Minute 0 (1 error in 12: fail), minute 1 live with 10 requests: rate passes.
    expect(report.gates.err).toMatchObject({ fail: 1, pass: 1 });
    expect(report.gates.scoreRate).toMatchObject({ pass: 1, fail: 1438, notApplicable: 1 });
    expect(report.worst).toBe('fail');
    expect(buildSloDailyReport({ ...input, decisions: [] }).decisions.complete).toBe(false);
  });

  it('writes one row per gate and per item, quoted as RFC 4180', () => {
    const csv = sloDailyReportCsv(
      buildSloDailyReport({
        ...input,
        stageChanges: [{ ...change(1, 'preview', '0.1'), reason: 'said "go", then, went\non' }],
      }),
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'day,section,key,pass,warn,fail,insufficient,no_data,not_applicable,value,ts,detail',
    );
    expect(lines[1]).toBe(`${DAY},gate,p95,2,0,0,0,1438,0,1440,,p95 latency`);
    expect(lines[4]).toBe(`${DAY},gate,scoreRate,1,0,1438,0,0,1,1440,,score rate`);
    expect(csv).toContain(`${DAY},decisions,live:-1,,,,,,,10,,`);
    expect(csv).toContain(
      `${DAY},stage_change,preview->0.1,,,,,,,op,${at(1).toISOString()},"{""reason"":""said \\""go\\"", then, went\\non"",""forced"":false}"`,
    );
    expect(csv).toContain(`${DAY},breach,p95-15m,,,,,,,preview,${at(2).toISOString()},`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
