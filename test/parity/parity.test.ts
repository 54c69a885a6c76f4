import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FUSION_V2_DEFAULTS,
  MACD_SCALE,
  fuse,
  type FusionModel,
  type FusionOutput,
  type ScoringFeatures,
} from '@/lib/domain/fusion';
import { computeFeatures, type FeatureValues } from '@/lib/domain/indicators';
import { mulberry32 } from '../support/prng';

// TS ↔ Python parity (SPEC §2, "Determinism"). The same inputs go through the TypeScript
// scorer (computeFeatures + fuse) and through the independent Python reference
// (reference/fusion_reference.py, spawned with `score`), on the real S&P 500 series and on a
// few thousand generated cases. Both sides use only correctly rounded IEEE 754 operations in
// the same order, so the outputs are expected to be bit-identical, and that is what is
// asserted (Object.is on every number: even 0 and -0 differ). The weaker contract — nulls in
// the same places, equal decisions, every number within 1e-12 relative — is checked first and
// separately, so that a failure says which of the two broke.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE = `${ROOT}reference/fusion_reference.py`;
const SP500_CSV = `${ROOT}node_modules/vega-datasets/data/sp500-2000.csv`;
const REL_TOL = 1e-12;

// ---- the Python side --------------------------------------------------------------------------

interface ScoreRow extends ScoringFeatures {
  live: boolean;
}
interface ScoreRequest {
  model: FusionModel;
  series: number[][];
  rows: ScoreRow[];
}
type SeriesPoint = FeatureValues & { fusion: FusionOutput | null };
interface ScoreResponse {
  series: SeriesPoint[][];
  rows: FusionOutput[];
}

function runReference(request: ScoreRequest): ScoreResponse {
  const stdout = execFileSync('python3', [REFERENCE, 'score'], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ScoreResponse;
}

// ---- the TypeScript side ------------------------------------------------------------------------

function scoreInTypeScript(request: ScoreRequest): ScoreResponse {
  return {
    series: request.series.map((closes) =>
      computeFeatures(closes).map((f, i) => ({
        ...f,
        fusion:
          f.rsi_14 !== null && f.macd_hist !== null && f.ema_20 !== null && f.ema_50 !== null
            ? fuse(
                request.model,
                {
                  c: closes[i],
                  rsi_14: f.rsi_14,
                  macd_hist: f.macd_hist,
                  ema_20: f.ema_20,
                  ema_50: f.ema_50,
                },
                { live: false },
              )
            : null,
      })),
    ),
    rows: request.rows.map(({ live, ...features }) => fuse(request.model, features, { live })),
  };
}

// ---- comparison ---------------------------------------------------------------------------------

interface Comparison {
  /** Nulls in different places, different keys, different decisions. */
  structural: string[];
  /** Numbers further apart than 1e-12 relative. */
  outOfTolerance: string[];
  /** Numbers that are not the same double (Object.is). */
  notIdentical: string[];
  numbersCompared: number;
}

const MAX_REPORTED = 10;
function note(list: string[], message: string): void {
  if (list.length < MAX_REPORTED) list.push(message);
  else if (list.length === MAX_REPORTED) list.push('…');
}

function compare(python: unknown, ts: unknown, path: string, out: Comparison): void {
  if (typeof ts === 'number' && typeof python === 'number') {
    out.numbersCompared++;
    if (path.endsWith('.decision')) {
      if (python !== ts) note(out.structural, `${path}: python ${python}, ts ${ts}`);
      return;
    }
    if (!Object.is(python, ts)) note(out.notIdentical, `${path}: python ${python}, ts ${ts}`);
    if (!(Math.abs(python - ts) <= REL_TOL * Math.max(1, Math.abs(ts)))) {
      note(out.outOfTolerance, `${path}: python ${python}, ts ${ts}`);
    }
    return;
  }
  if (ts === null || python === null || typeof ts !== 'object' || typeof python !== 'object') {
    if (!Object.is(python, ts)) {
      note(out.structural, `${path}: python ${JSON.stringify(python)}, ts ${JSON.stringify(ts)}`);
    }
    return;
  }
  if (Array.isArray(ts) !== Array.isArray(python)) {
    note(out.structural, `${path}: array on one side only`);
    return;
  }
  const tsKeys = Object.keys(ts).sort();
  const pyKeys = Object.keys(python).sort();
  if (tsKeys.join() !== pyKeys.join()) {
    note(out.structural, `${path}: keys python [${pyKeys.join()}], ts [${tsKeys.join()}]`);
    return;
  }
  for (const key of tsKeys) {
    compare(
      (python as Record<string, unknown>)[key],
      (ts as Record<string, unknown>)[key],
      Array.isArray(ts) ? `${path}[${key}]` : `${path}.${key}`,
      out,
    );
  }
}

function compareRequest(request: ScoreRequest, python: ScoreResponse): Comparison {
  const out: Comparison = {
    structural: [],
    outOfTolerance: [],
    notIdentical: [],
    numbersCompared: 0,
  };
  compare(python, scoreInTypeScript(request), '$', out);
  return out;
}

// ---- inputs: the real S&P 500 series --------------------------------------------------------

function loadSp500Closes(): number[] {
  const [header, ...lines] = readFileSync(SP500_CSV, 'utf8').trim().split(/\r?\n/);
  const closeAt = header.split(',').indexOf('close');
  return lines.map((line) => Number(line.split(',')[closeAt]));
}

// ---- inputs: generated cases from a seeded PRNG ------------------------------------------------

/** The generated inputs are the same on every run (mulberry32), so a failure is reproducible. */
const SEED = 0x5eed_2000;
const SEED_HEX = `0x${SEED.toString(16)}`;

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Standard normal (Box–Muller); only used to make inputs, never compared. */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** 10^U(lo, hi): magnitudes spread evenly over decades. */
  magnitude(lo: number, hi: number): number {
    return 10 ** this.uniform(lo, hi);
  }
}

/** JSON cannot carry -0 (JSON.stringify(-0) === '0'), so inputs never contain it. */
const noNegZero = (x: number): number => (x === 0 ? 0 : x);

function randomWalk(g: Gen, n: number, start: number, vol: number, gapChance = 0): number[] {
  const out: number[] = [];
  let p = start;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      p *= Math.max(0.05, 1 + vol * g.normal());
      if (gapChance > 0 && g.chance(gapChance)) p *= g.chance(0.5) ? 1.3 : 0.7;
    }
    out.push(p);
  }
  return out;
}

type SeriesKind = (g: Gen) => number[];
const SERIES_KINDS: Record<string, SeriesKind> = {
  'random walk': (g) => randomWalk(g, g.int(60, 320), g.magnitude(0, 4), g.uniform(0.001, 0.04)),
  'flat prices': (g) => new Array<number>(g.int(40, 200)).fill(g.magnitude(-6, 9)),
  'flat, then moving': (g) => {
    const p = g.magnitude(0, 3);
    return [...new Array<number>(g.int(30, 80)).fill(p), ...randomWalk(g, g.int(10, 120), p, 0.02)];
  },
  'gaps of ±30 %': (g) => randomWalk(g, g.int(60, 300), g.magnitude(0, 3), 0.01, 0.05),
  'tiny prices (1e-6)': (g) => randomWalk(g, g.int(60, 240), 1e-6 * g.uniform(0.5, 2), 0.02),
  'huge prices (1e9)': (g) => randomWalk(g, g.int(60, 240), 1e9 * g.uniform(0.5, 2), 0.02),
  'short (shorter than some warm-up)': (g) =>
    randomWalk(g, g.int(0, 60), g.magnitude(0, 3), 0.02, 0.05),
  'monotone (RSI 0 or 100)': (g) => {
    const n = g.int(20, 120);
    const start = g.magnitude(0, 3);
    const step = (g.chance(0.5) ? 1 : -1) * start * g.uniform(0.0001, 0.004);
    return Array.from({ length: n }, (_, i) => start + i * step);
  },
  'integer prices (JSON integers)': (g) =>
    randomWalk(g, g.int(30, 200), g.int(50, 5000), 0.01).map((p) => Math.max(1, Math.round(p))),
  'moves of one ulp': (g) => {
    const base = g.pick([1, 100, 1e6]);
    const ulp = base * Number.EPSILON;
    return Array.from({ length: g.int(30, 150) }, () => base + g.int(-3, 3) * ulp);
  },
};

function randomRow(g: Gen): ScoreRow {
  const c = g.chance(0.1) ? g.pick([1e-6, 1e9, 1, 100]) : g.magnitude(-6, 9);
  const rsi_14 = g.chance(0.25)
    ? g.pick([0, 100, 50, 30, 70, 0.5, 99.5])
    : g.chance(0.1)
      ? g.int(0, 100)
      : g.uniform(0, 100);
  const macd_hist = g.chance(0.15)
    ? 0
    : noNegZero(c * MACD_SCALE * g.normal() * g.pick([0.01, 0.5, 1, 3, 1e3]));
  const ema_50 = c * Math.max(0.01, 1 + 0.1 * g.normal());
  const ema_20 = g.chance(0.15) ? ema_50 : ema_50 * Math.max(0.01, 1 + 0.05 * g.normal());
  return { c, rsi_14, macd_hist, ema_20, ema_50, live: g.chance(0.5) };
}

function randomModel(g: Gen): FusionModel {
  const weight = () =>
    g.chance(0.15) ? g.pick([0, 1, -1, 0.5]) : noNegZero(Number(g.uniform(-1, 1).toFixed(3)));
  const threshold = g.chance(0.2) ? g.pick([0.5, 0.55, 0.6]) : g.uniform(0.5, 0.8);
  return {
    weights: { rsi: weight(), macd: weight(), trend: weight() },
    threshold,
    liveThreshold: g.chance(0.2) ? threshold : Math.min(1, threshold + g.uniform(0, 0.2)),
  };
}

const g = new Gen(SEED);
const kinds = Object.entries(SERIES_KINDS);
const generatedSeries = Array.from({ length: 300 }, (_, i) => kinds[i % kinds.length][1](g));
const defaultRequest: ScoreRequest = {
  model: FUSION_V2_DEFAULTS,
  series: generatedSeries,
  rows: Array.from({ length: 3000 }, () => randomRow(g)),
};
const randomModelRequests: ScoreRequest[] = Array.from({ length: 8 }, () => ({
  model: randomModel(g),
  series: Array.from({ length: 10 }, (_, i) => kinds[(i * 3) % kinds.length][1](g)),
  rows: Array.from({ length: 250 }, () => randomRow(g)),
}));

// ---- the tests ----------------------------------------------------------------------------------

function expectWithinTolerance(c: Comparison): void {
  expect(c.numbersCompared).toBeGreaterThan(0);
  expect(c.structural, 'nulls, keys or decisions differ').toEqual([]);
  expect(c.outOfTolerance, `numbers beyond ${REL_TOL} relative`).toEqual([]);
}

function expectBitIdentical(c: Comparison): void {
  expect(c.structural, 'nulls, keys or decisions differ').toEqual([]);
  expect(c.notIdentical, 'numbers that are not the same double').toEqual([]);
}

describe('TS ↔ Python parity of features v2.0.0 and fusion-v2.0.0', () => {
  const sp500: ScoreRequest = { model: FUSION_V2_DEFAULTS, series: [loadSp500Closes()], rows: [] };
  let sp500Result: Comparison;
  let defaultResult: Comparison;
  let randomModelResults: Comparison[];

  beforeAll(() => {
    sp500Result = compareRequest(sp500, runReference(sp500));
    defaultResult = compareRequest(defaultRequest, runReference(defaultRequest));
    randomModelResults = randomModelRequests.map((r) => compareRequest(r, runReference(r)));
    // A guard against a hang, not a speed check: on a loaded machine the Python runs took >60 s.
  }, 300_000);

  describe(`the real S&P 500 series (${sp500.series[0].length} daily closes, default model)`, () => {
    it('agrees: same nulls and decisions, every number within 1e-12 relative', () => {
      expect(sp500.series[0]).toHaveLength(5105);
      expectWithinTolerance(sp500Result);
    });
    it('is in fact bit-identical', () => expectBitIdentical(sp500Result));
  });

  const closeCount = generatedSeries.reduce((n, s) => n + s.length, 0);
  describe(
    `${generatedSeries.length} generated series (${closeCount} closes, ${kinds.length} kinds) and ` +
      `${defaultRequest.rows.length} random feature rows, default model, both live flags ` +
      `(seed ${SEED_HEX})`,
    () => {
      it('agrees: same nulls and decisions, every number within 1e-12 relative', () =>
        expectWithinTolerance(defaultResult));
      it('is in fact bit-identical', () => expectBitIdentical(defaultResult));
      it('covers the edges it was written for', () => {
        const rows = defaultRequest.rows;
        for (const rsi of [0, 100, 50]) expect(rows.some((r) => r.rsi_14 === rsi)).toBe(true);
        expect(rows.some((r) => r.macd_hist === 0)).toBe(true);
        expect(rows.some((r) => r.ema_20 === r.ema_50)).toBe(true);
        expect(rows.some((r) => r.live) && rows.some((r) => !r.live)).toBe(true);
        const decisions = new Set(scoreInTypeScript(defaultRequest).rows.map((o) => o.decision));
        expect([...decisions].sort()).toEqual([-1, 0, 1]);
      });
    },
  );

  describe(`${randomModelRequests.length} random models (weights, thresholds; seed ${SEED_HEX})`, () => {
    it('agree: same nulls and decisions, every number within 1e-12 relative', () =>
      randomModelResults.forEach(expectWithinTolerance));
    it('are in fact bit-identical', () => randomModelResults.forEach(expectBitIdentical));
  });

  it('reads number literals as JSON.parse does (integers, -0, long integers)', () => {
    const input =
      '{"model":{"weights":{"rsi":1,"macd":-0,"trend":0},"threshold":1,"liveThreshold":1},' +
      '"series":[[100,101,99,102,98,103,97,104,96,105,95,106,94,107,93,108]],' +
      '"rows":[{"c":100,"rsi_14":50,"macd_hist":-0,"ema_20":100,"ema_50":100,"live":false},' +
      '{"c":123456789012345678901,"rsi_14":0,"macd_hist":-0,"ema_20":3,"ema_50":7,"live":true}]}';
    const request = JSON.parse(input) as ScoreRequest;
    const stdout = execFileSync('python3', [REFERENCE, 'score'], { input, encoding: 'utf8' });
    const python = JSON.parse(stdout) as ScoreResponse;
    expect(python).toStrictEqual(scoreInTypeScript(request));
    expect(Object.is(python.rows[0].ml_signal_parts.macd, -0)).toBe(true);
  });

  describe('the reference rejects what is not a finite, in-domain number (exit status 2)', () => {
    const row = { c: 100, rsi_14: 50, macd_hist: 0, ema_20: 100, ema_50: 100, live: false };
    const model = JSON.stringify(FUSION_V2_DEFAULTS);
    it.each([
      ['NaN', `{"model":${model},"rows":[${JSON.stringify(row).replace('"c":100', '"c":NaN')}]}`],
      ['Infinity', `{"model":${model},"series":[[1,2,Infinity]]}`],
      ['-Infinity', `{"model":${model},"series":[[1,-Infinity]]}`],
      ['1e400 (overflows a double)', `{"model":${model},"series":[[1,1e400]]}`],
      ['a string', `{"model":${model},"series":[[1,"2"]]}`],
      [
        'a boolean as a number',
        JSON.stringify({ model: FUSION_V2_DEFAULTS, rows: [{ ...row, rsi_14: true }] }),
      ],
      ['a zero price', JSON.stringify({ model: FUSION_V2_DEFAULTS, rows: [{ ...row, c: 0 }] })],
      ['a zero EMA-50', JSON.stringify({ rows: [{ ...row, ema_50: 0 }] })],
      [
        'a ratio that overflows',
        JSON.stringify({ rows: [{ ...row, c: 1e-300, macd_hist: 1e300 }] }),
      ],
      ['invalid JSON', '{"series": [[1, 2'],
    ])('%s', (_name, input) => {
      const result = spawnSync('python3', [REFERENCE, 'score'], { input, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^fusion_reference: /);
    });
  });
});
