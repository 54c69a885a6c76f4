import { describe, expect, it } from 'vitest';
import { ROLLOUT_STAGES, type RolloutStage } from '../rollout';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './histogram';
import type { MinuteRollup } from './minutes';
import {
  decideAction,
  evaluateRules,
  planSloOutcome,
  MIN_OUTCOMES_IN_WINDOW,
  MIN_REQUESTS_IN_WINDOW,
  MIN_REQUESTS_PER_MINUTE,
  qualityByHorizon,
  TRIGGER_RULES,
  type MaturedOutcome,
  type QualityWindow,
  type RuleEvaluation,
  type RuleState,
  type TriggerRuleId,
} from './triggers';

// `now` is 20 s into the 12:00 minute, so the windows end at 12:00 and 12:00 itself is excluded.
const END = Date.parse('2026-03-02T12:00:00Z');
const NOW = new Date(END + 20_000);
const ago = (k: number): Date => new Date(END - k * 60_000);
const at = (bound: number): number => LATENCY_BOUNDS_MS.indexOf(bound);

interface Shape {
  count?: number;
  errors?: number;
  /** [latency bucket upper bound, requests]; default: every request at 100 ms. */
  latency?: [number, number][];
  /** [confid bin, requests]; default none. */
  confid?: [number, number][];
  staleness?: number | null;
}

function rollup(minute: Date, o: Shape): MinuteRollup {
  const count = o.count ?? 0;
  const latency = emptyLatencyHistogram();
  for (const [bound, n] of o.latency ?? [[100, count]]) latency[at(bound)] += n;
  const confid = emptyConfidHistogram();
  for (const [bin, n] of o.confid ?? []) confid[bin] += n;
  return {
    minute,
    count,
    errors: o.errors ?? 0,
    latency,
    confid,
    maxStaleness: o.staleness ?? null,
  };
}

/** One rollup for each of the last `w` complete minutes (k = w … 1 minutes ago). */
const lastMinutes = (w: number, shape: (k: number) => Shape | null): MinuteRollup[] =>
  Array.from({ length: w }, (_, i) => w - i)
    .map((k) => {
      const s = shape(k);
      return s && rollup(ago(k), s);
    })
    .filter((r): r is MinuteRollup => r !== null);

const noQuality: QualityWindow = [];

function evaluate(
  id: TriggerRuleId,
  rollups: readonly MinuteRollup[],
  quality: QualityWindow = noQuality,
): RuleEvaluation {
  return evaluateRules({ now: NOW, rollups, quality }).find((e) => e.rule.id === id)!;
}
const stateOf = (id: TriggerRuleId, rollups: readonly MinuteRollup[], q?: QualityWindow) =>
  evaluate(id, rollups, q).state;

describe('TRIGGER_RULES', () => {
  it('lists the eight rules with their action, severity and window', () => {
    expect(TRIGGER_RULES.map((r) => [r.id, r.action, r.severity, r.windowMinutes])).toEqual([
      ['err-rate-30m', 'rollback', 'critical', 30],
      ['staleness-30m', 'rollback', 'critical', 30],
      ['median-confid-3h', 'rollback', 'critical', 180],
      ['score-errors-3h', 'rollback', 'critical', 180],
      ['p95-15m', 'preview', 'major', 15],
      ['hit-rate-12h', 'preview', 'major', 720],
      ['ir-12h', 'preview', 'major', 720],
      ['no-skill-12h', 'preview', 'major', 720],
    ]);
  });

  it('evaluates every rule, in that order', () => {
    const evals = evaluateRules({ now: NOW, rollups: [], quality: noQuality });
    expect(evals.map((e) => e.rule.id)).toEqual(TRIGGER_RULES.map((r) => r.id));
    expect(evals.every((e) => e.state === 'insufficient')).toBe(true);
  });
});

describe('err-rate-30m (sustained per minute)', () => {
  const err = (errors: number): Shape => ({ count: 10_000, errors });

  it('does not breach at exactly 2.0 % and breaches at 2.01 % in every minute', () => {
    expect(
      stateOf(
        'err-rate-30m',
        lastMinutes(30, () => err(200)),
      ),
    ).toBe('ok');
    const breach = evaluate(
      'err-rate-30m',
      lastMinutes(30, () => err(201)),
    );
    expect(breach.state).toBe('breach');
    expect(breach.observed).toMatchObject({
      threshold: 0.02,
      lowest: 0.0201,
      breachingMinutes: 30,
      minutesWithoutData: 0,
      minutes: 30,
    });
  });

  it('is not sustained when one of the 30 minutes is good', () => {
    const e = evaluate(
      'err-rate-30m',
      lastMinutes(30, (k) => (k === 17 ? err(0) : err(500))),
    );
    expect(e.state).toBe('ok');
    expect(e.observed).toMatchObject({ breachingMinutes: 29, lowest: 0 });
  });

  it('calls a good minute ok even when another minute is quiet', () => {
    const mixed = lastMinutes(30, (k) => (k === 3 ? err(0) : k === 9 ? null : err(500)));
    expect(evaluate('err-rate-30m', mixed)).toMatchObject({
      state: 'ok',
      observed: { breachingMinutes: 28, minutesWithoutData: 1 },
    });
  });

  it('cannot call it sustained when one minute is missing or too quiet', () => {
    expect(
      stateOf(
        'err-rate-30m',
        lastMinutes(30, (k) => (k === 1 ? null : err(500))),
      ),
    ).toBe('insufficient');
    const quiet = lastMinutes(30, (k) =>
      k === 30
        ? { count: MIN_REQUESTS_PER_MINUTE - 1, errors: MIN_REQUESTS_PER_MINUTE - 1 }
        : err(500),
    );
    expect(evaluate('err-rate-30m', quiet)).toMatchObject({
      state: 'insufficient',
      observed: { minutesWithoutData: 1, breachingMinutes: 29 },
    });
    const justEnough = lastMinutes(30, (k) =>
      k === 30 ? { count: MIN_REQUESTS_PER_MINUTE, errors: 1 } : err(500),
    );
    expect(stateOf('err-rate-30m', justEnough)).toBe('breach');
  });

  it('looks only at the 30 complete minutes before now', () => {
    const breaching = lastMinutes(30, () => err(500));
    const goodOutside = [
      rollup(ago(31), err(0)), // before the window
      rollup(ago(0), err(0)), // the minute still filling
    ];
    expect(stateOf('err-rate-30m', [...breaching, ...goodOutside])).toBe('breach');
    // A minute later, the good 12:00 minute is complete and inside the window.
    const later = evaluateRules({
      now: new Date(END + 60_000),
      rollups: [...breaching, ...goodOutside],
      quality: noQuality,
    });
    expect(later.find((e) => e.rule.id === 'err-rate-30m')!.state).toBe('ok');
  });
});

describe('staleness-30m (sustained per minute)', () => {
  it('does not breach at 60 s and breaches just above it in every minute', () => {
    expect(
      stateOf(
        'staleness-30m',
        lastMinutes(30, () => ({ staleness: 60 })),
      ),
    ).toBe('ok');
    expect(
      stateOf(
        'staleness-30m',
        lastMinutes(30, () => ({ staleness: 60.5 })),
      ),
    ).toBe('breach');
  });

  it('needs a staleness value in every minute, not traffic', () => {
    expect(
      stateOf(
        'staleness-30m',
        lastMinutes(30, (k) => ({ staleness: k === 5 ? null : 120, count: 100 })),
      ),
    ).toBe('insufficient');
    expect(
      stateOf(
        'staleness-30m',
        lastMinutes(30, (k) => ({ staleness: k === 5 ? 59 : 120 })),
      ),
    ).toBe('ok');
  });
});

describe('p95-15m (sustained per minute)', () => {
  it('does not breach at p95 = 1500 ms and breaches just above it in every minute', () => {
    const edge = lastMinutes(15, () => ({
      count: 1000,
      latency: [
        [1500, 950],
        [2000, 50],
      ],
    }));
    expect(stateOf('p95-15m', edge)).toBe('ok');
    const over = lastMinutes(15, () => ({
      count: 1000,
      latency: [
        [1500, 949],
        [2000, 51],
      ],
    }));
    const e = evaluate('p95-15m', over);
    expect(e.state).toBe('breach');
    expect(e.observed.lowest).toBeCloseTo(1500 + 500 / 51, 9);
  });

  it('is not sustained over 14 of 15 minutes', () => {
    const slow: Shape = { count: 100, latency: [[3000, 100]] };
    expect(
      stateOf(
        'p95-15m',
        lastMinutes(15, (k) => (k === 8 ? { count: 100 } : slow)),
      ),
    ).toBe('ok');
    expect(
      stateOf(
        'p95-15m',
        lastMinutes(15, (k) => (k === 8 ? null : slow)),
      ),
    ).toBe('insufficient');
    expect(
      stateOf(
        'p95-15m',
        lastMinutes(15, () => slow),
      ),
    ).toBe('breach');
  });
});

describe('median-confid-3h (aggregate)', () => {
  // 180 minutes × 2 samples = 360 ≥ MIN_REQUESTS_IN_WINDOW
  it('does not breach at a median of 0.4 and breaches just below it', () => {
    const edge = lastMinutes(180, (k) => ({ count: 2, confid: [[k % 2 ? 7 : 8, 2]] }));
    expect(stateOf('median-confid-3h', edge)).toBe('ok');
    const below = lastMinutes(180, (k) => ({
      count: 2,
      confid: [[k % 2 ? 7 : 8, 2]],
    })).concat(rollup(ago(1), { count: 2, confid: [[7, 2]] }));
    const e = evaluate('median-confid-3h', below);
    expect(e.state).toBe('breach');
    expect(e.observed.value).toBeLessThan(0.4);
    expect(e.observed.n).toBe(362);
  });

  it('needs enough scored requests in the 3 h', () => {
    // plenty of requests, but too few of them carried a confid
    const few = [rollup(ago(1), { count: 1000, confid: [[2, MIN_REQUESTS_IN_WINDOW - 1]] })];
    expect(stateOf('median-confid-3h', few)).toBe('insufficient');
    const enough = [
      rollup(ago(1), { count: MIN_REQUESTS_IN_WINDOW, confid: [[2, MIN_REQUESTS_IN_WINDOW]] }),
    ];
    expect(stateOf('median-confid-3h', enough)).toBe('breach');
    const tooOld = [rollup(ago(181), { count: 1000, confid: [[2, 1000]] })];
    expect(stateOf('median-confid-3h', tooOld)).toBe('insufficient');
  });
});

describe('score-errors-3h (aggregate)', () => {
  it('does not breach at 5 % and breaches just above, quiet minutes notwithstanding', () => {
    const at5 = [rollup(ago(170), { count: 150, errors: 15 }), rollup(ago(2), { count: 150 })];
    expect(stateOf('score-errors-3h', at5)).toBe('ok');
    const above = [rollup(ago(170), { count: 150, errors: 16 }), rollup(ago(2), { count: 150 })];
    const e = evaluate('score-errors-3h', above);
    expect(e.state).toBe('breach');
    expect(e.observed).toMatchObject({ n: 300, minN: MIN_REQUESTS_IN_WINDOW });
    expect(e.observed.value).toBeCloseTo(16 / 300, 12);
  });

  it('is insufficient below the minimum number of requests', () => {
    const few = [rollup(ago(5), { count: MIN_REQUESTS_IN_WINDOW - 1, errors: 100 })];
    expect(stateOf('score-errors-3h', few)).toBe('insufficient');
  });

  it('differs from err-rate-30m: an old burst fails 3 h but not the last 30 minutes', () => {
    const burst = [
      ...lastMinutes(180, (k) => (k > 60 && k <= 90 ? { count: 100, errors: 50 } : { count: 100 })),
    ];
    expect(stateOf('score-errors-3h', burst)).toBe('breach');
    expect(stateOf('err-rate-30m', burst)).toBe('ok');
  });
});

describe('hit-rate-12h and ir-12h (matured outcomes, per horizon)', () => {
  const q = (
    hitRate: number | null,
    ir: number | null,
    n = MIN_OUTCOMES_IN_WINDOW,
    horizon = '1d',
  ): QualityWindow => [{ horizon, n, hitRate, ir }];

  it.each([
    [0.5, 'ok'],
    [0.4999, 'breach'],
  ] as const)('hit rate %d is %s', (hit, state) => {
    expect(stateOf('hit-rate-12h', [], q(hit, 1))).toBe(state);
  });

  it.each([
    [0.3, 'ok'],
    [0.2999, 'breach'],
  ] as const)('IR %d is %s', (ir, state) => {
    expect(stateOf('ir-12h', [], q(0.6, ir))).toBe(state);
  });

  it('is insufficient with too few outcomes or no value', () => {
    expect(stateOf('hit-rate-12h', [], q(0.1, -1, MIN_OUTCOMES_IN_WINDOW - 1))).toBe(
      'insufficient',
    );
    expect(stateOf('ir-12h', [], q(0.1, -1, MIN_OUTCOMES_IN_WINDOW - 1))).toBe('insufficient');
    expect(stateOf('ir-12h', [], q(0.6, null, 500))).toBe('insufficient');
    expect(stateOf('hit-rate-12h', [], q(null, 1, 500))).toBe('insufficient');
    expect(evaluate('hit-rate-12h', []).reason).toBe('no matured decisions in the window');
  });

  it('judges each horizon on its own: one failing horizon breaches, whatever the others do', () => {
    const quality: QualityWindow = [
      { horizon: '1d', n: 60, hitRate: 0.4, ir: 1.2 },
      { horizon: '30d', n: 400, hitRate: 0.7, ir: 0.1 },
    ];
    const hit = evaluate('hit-rate-12h', [], quality);
    expect(hit.state).toBe('breach');
    expect(hit.observed).toEqual({
      threshold: 0.5,
      minN: MIN_OUTCOMES_IN_WINDOW,
      'value@1d': 0.4,
      'n@1d': 60,
      'value@30d': 0.7,
      'n@30d': 400,
    });
    expect(hit.reason).toBe('below 50.00 % in 1d 40.00 % (n 60); holding in 30d 70.00 % (n 400)');
    const ir = evaluate('ir-12h', [], quality);
    expect(ir.state).toBe('breach');
    expect(ir.reason).toBe('below 0.3 in 30d 0.1 (n 400); holding in 1d 1.2 (n 60)');
  });

  it('applies the sample floor per horizon, not to the pool', () => {
    // 40 + 40 decisions pooled would pass the floor of 50; neither horizon does on its own.
    const quality: QualityWindow = [
      { horizon: '1d', n: 40, hitRate: 0.1, ir: -2 },
      { horizon: '7d', n: 40, hitRate: 0.1, ir: -2 },
    ];
    expect(stateOf('hit-rate-12h', [], quality)).toBe('insufficient');
    // A judged horizon that holds makes the rule ok even while another cannot be judged.
    const mixed: QualityWindow = [
      { horizon: '1d', n: 10, hitRate: 0.1, ir: -2 },
      { horizon: '7d', n: 80, hitRate: 0.6, ir: 0.5 },
    ];
    expect(evaluate('hit-rate-12h', [], mixed)).toMatchObject({
      state: 'ok',
      reason: 'at or above 50.00 % in 7d 60.00 % (n 80); too few samples (50 needed) in 1d (10)',
    });
  });
});

describe('qualityByHorizon', () => {
  const outcomes = (horizon: string, returns: number[]): MaturedOutcome[] =>
    returns.map((r, i) => ({
      horizon,
      decision: i % 5 === 4 ? 0 : r >= 0 ? 1 : -1,
      hit: i % 3 !== 0,
      realizedReturn: Math.abs(r),
    }));
  const returns = Array.from({ length: 60 }, (_, i) => ((i * 37) % 11) / 100 - 0.03);

  it('annualises each horizon by its own length and never pools', () => {
    const quality = qualityByHorizon([
      ...outcomes('30d', returns),
      ...outcomes('1d', returns),
      ...outcomes('15m', returns.slice(0, 30)),
    ]);
    expect(quality.map((x) => x.horizon)).toEqual(['15m', '1d', '30d']);
    const [m15, d1, d30] = quality;
    expect(d1!.n).toBe(48); // every 5th pair has no decision
    expect(d1!.hitRate).toBe(d30!.hitRate);
    // Same returns: the IRs differ exactly by the annualisation factor sqrt(30 / 1).
    expect(d1!.ir! / d30!.ir!).toBeCloseTo(Math.sqrt(30), 12);
    expect(m15!.n).toBe(24);
  });

  it('is empty without outcomes', () => {
    expect(qualityByHorizon([])).toEqual([]);
  });
});

describe('decideAction', () => {
  const evalOf = (id: TriggerRuleId, state: RuleState): RuleEvaluation => ({
    rule: TRIGGER_RULES.find((r) => r.id === id)!,
    state,
    observed: {},
    reason: '',
  });
  const allOk = TRIGGER_RULES.map((r) => evalOf(r.id, 'ok'));
  const withStates = (states: Partial<Record<TriggerRuleId, RuleState>>) =>
    allOk.map((e) => (states[e.rule.id] ? evalOf(e.rule.id, states[e.rule.id]!) : e));
  const live: RolloutStage[] = ['0.1', '0.5', '1.0'];

  it('does nothing when nothing breaches, whatever the stage', () => {
    for (const stage of ROLLOUT_STAGES) {
      expect(decideAction(stage, allOk)).toBeNull();
      expect(
        decideAction(
          stage,
          withStates({ 'err-rate-30m': 'insufficient', 'p95-15m': 'insufficient' }),
        ),
      ).toBeNull();
    }
  });

  it('rolls back to off from any stage but off, as a critical action', () => {
    const evals = withStates({ 'staleness-30m': 'breach' });
    expect(decideAction('off', evals)).toBeNull();
    for (const stage of ['preview', ...live] as RolloutStage[]) {
      const action = decideAction(stage, evals);
      expect(action).toMatchObject({ target: 'off', critical: true });
      expect(action!.rules.map((r) => r.rule.id)).toEqual(['staleness-30m']);
    }
  });

  it('goes down to preview only from a live stage, as a major action', () => {
    const evals = withStates({ 'p95-15m': 'breach', 'ir-12h': 'breach' });
    expect(decideAction('off', evals)).toBeNull();
    expect(decideAction('preview', evals)).toBeNull();
    for (const stage of live) {
      const action = decideAction(stage, evals);
      expect(action).toMatchObject({ target: 'preview', critical: false });
      expect(action!.rules.map((r) => r.rule.id)).toEqual(['p95-15m', 'ir-12h']);
    }
  });

  it('lets rollback win over preview, citing every rollback rule', () => {
    const evals = withStates({
      'err-rate-30m': 'breach',
      'score-errors-3h': 'breach',
      'p95-15m': 'breach',
    });
    const action = decideAction('0.5', evals);
    expect(action).toMatchObject({ target: 'off', critical: true });
    expect(action!.rules.map((r) => r.rule.id)).toEqual(['err-rate-30m', 'score-errors-3h']);
    // In preview the preview rule cannot act, the rollback still does.
    expect(decideAction('preview', evals)?.target).toBe('off');
  });
});

describe('planSloOutcome (breach episodes)', () => {
  const evalOf = (id: TriggerRuleId, state: RuleState): RuleEvaluation => ({
    rule: TRIGGER_RULES.find((r) => r.id === id)!,
    state,
    observed: {},
    reason: id,
  });
  const evals = (states: Partial<Record<TriggerRuleId, RuleState>>) =>
    TRIGGER_RULES.map((r) => evalOf(r.id, states[r.id] ?? 'ok'));
  const rows = (plan: ReturnType<typeof planSloOutcome>) =>
    plan.breaches.map((b) => [b.evaluation.rule.id, b.action, b.stageBefore, b.stageAfter]);

  it('records a breach in off and preview with action none, once per episode', () => {
    const first = planSloOutcome('off', evals({ 'staleness-30m': 'breach' }), new Set());
    expect(first.decision).toBeNull();
    expect(rows(first)).toEqual([['staleness-30m', 'none', 'off', 'off']]);
    // Still breaching: the episode is open, nothing new.
    const again = planSloOutcome(
      'off',
      evals({ 'staleness-30m': 'breach' }),
      new Set(['staleness-30m']),
    );
    expect(again.breaches).toEqual([]);
    expect(again.recovered).toEqual([]);
    // Passed (or insufficient): the episode ends; a later breach opens a new one.
    for (const state of ['ok', 'insufficient'] as const) {
      const over = planSloOutcome(
        'off',
        evals({ 'staleness-30m': state }),
        new Set(['staleness-30m']),
      );
      expect(over.recovered).toEqual(['staleness-30m']);
      expect(over.breaches).toEqual([]);
    }
    const preview = planSloOutcome('preview', evals({ 'p95-15m': 'breach' }), new Set());
    expect(rows(preview)).toEqual([['p95-15m', 'none', 'preview', 'preview']]);
  });

  it('records the action of the rules that move the stage, and none for the others', () => {
    const plan = planSloOutcome(
      '1.0',
      evals({ 'err-rate-30m': 'breach', 'p95-15m': 'breach' }),
      new Set(),
    );
    expect(plan.decision).toMatchObject({ target: 'off', critical: true });
    expect(rows(plan)).toEqual([
      ['err-rate-30m', 'rollback', '1.0', 'off'],
      ['p95-15m', 'none', '1.0', 'off'],
    ]);
    expect(plan.breaches.map((b) => b.pausedLive)).toEqual([true, false]);
    // A rollback from preview pauses nothing: nothing was live.
    const fromPreview = planSloOutcome('preview', evals({ 'err-rate-30m': 'breach' }), new Set());
    expect(fromPreview.breaches[0]).toMatchObject({ action: 'rollback', pausedLive: false });
  });

  it('records a stage move even inside an open episode', () => {
    // p95 breached in preview (row: none); an operator went live while it still breaches.
    const plan = planSloOutcome('0.5', evals({ 'p95-15m': 'breach' }), new Set(['p95-15m']));
    expect(rows(plan)).toEqual([['p95-15m', 'preview', '0.5', 'preview']]);
    expect(plan.recovered).toEqual([]);
  });

  it('records an overridden rule without acting on it while the stage is live', () => {
    const noSkill = evals({ 'no-skill-12h': 'breach' });
    const overridden = new Set(['no-skill-12h']);
    // Without the override it steps the live stage down like any preview-only rule.
    expect(rows(planSloOutcome('0.1', noSkill, new Set()))).toEqual([
      ['no-skill-12h', 'preview', '0.1', 'preview'],
    ]);
    const held = planSloOutcome('0.1', noSkill, new Set(), overridden);
    expect(held.decision).toBeNull();
    expect(rows(held)).toEqual([['no-skill-12h', 'overridden', '0.1', '0.1']]);
    // Inside its open episode nothing more is written, and nothing moves.
    expect(planSloOutcome('0.5', noSkill, overridden, overridden)).toMatchObject({
      decision: null,
      breaches: [],
    });
    // Another rule still acts; the overridden one's row then says none.
    const both = planSloOutcome(
      '0.5',
      evals({ 'no-skill-12h': 'breach', 'p95-15m': 'breach' }),
      new Set(),
      overridden,
    );
    expect(both.decision).toMatchObject({ target: 'preview' });
    expect(rows(both)).toEqual([
      ['p95-15m', 'preview', '0.5', 'preview'],
      ['no-skill-12h', 'none', '0.5', 'preview'],
    ]);
    // Below live there is nothing to hold: none, as for any rule at or below its target.
    expect(rows(planSloOutcome('preview', noSkill, new Set(), overridden))).toEqual([
      ['no-skill-12h', 'none', 'preview', 'preview'],
    ]);
  });

  it('ends the episodes of rules no longer evaluated', () => {
    expect(planSloOutcome('off', evals({}), new Set(['retired-rule'])).recovered).toEqual([
      'retired-rule',
    ]);
  });
});
