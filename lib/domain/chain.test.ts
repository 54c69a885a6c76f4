import { describe, expect, it } from 'vitest';
import {
  automationStep,
  judgeChain,
  predictionsStep,
  queueStep,
  worstState,
  type ChainFacts,
  type QueueFacts,
} from './chain';

const now = new Date('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

const idleQueue = (over: Partial<QueueFacts> = {}): QueueFacts => ({
  created: 0,
  retry: 0,
  active: 0,
  dead: 0,
  lastCompletedAt: ago(MIN),
  lastFailedAt: null,
  oldestWaitingAt: null,
  ...over,
});

const healthy = (over: Partial<ChainFacts> = {}): ChainFacts => ({
  now,
  automation: {
    desired: 'running',
    leader: true,
    intervalSeconds: 300,
    lastCycleAt: ago(2 * MIN),
    nextCycleAt: new Date(now.getTime() + 3 * MIN),
  },
  lastCycle: {
    slot: ago(2 * MIN),
    finishedAt: ago(2 * MIN),
    outcome: 'new-predictions',
    predictions: 10,
    scored: 2,
    unchanged: 0,
    empty: 0,
  },
  lastNewCandleAt: ago(2 * MIN),
  outcomes: { pending: 0, filled: 100, notYetDue: 5, unresolvable: 0 },
  metrics: { rows: 40, computedAt: ago(MIN) },
  calibration: {
    groups: 2,
    latest: { ranAt: ago(MIN), nPairs: 500, usedPrev: false, status: 'fitted' },
    checksumFailures: 0,
  },
  queues: { outcomes: idleQueue(), metrics: idleQueue(), calibration: idleQueue() },
  ...over,
});

describe('the chain state rules', () => {
  it('a healthy loop is ok at every step', () => {
    const verdicts = judgeChain(healthy());
    expect(Object.values(verdicts).map((v) => v.state)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(verdicts.automation.waitsFor).toBe('the next cycle at 2026-12-02T12:03:00.000Z');
  });

  it('automation: stopped waits for an operator, no leader fails, an old cycle stalls', () => {
    const f = healthy();
    expect(
      automationStep({ ...f, automation: { ...f.automation, desired: 'stopped' } }),
    ).toMatchObject({
      state: 'waiting',
      waitsFor: 'an operator to start the automation',
    });
    expect(automationStep({ ...f, automation: { ...f.automation, leader: false } }).state).toBe(
      'failed',
    );
    // 2 intervals of 5 min = 10 min: 9 min is fine, 11 min stalls.
    expect(
      automationStep({ ...f, automation: { ...f.automation, lastCycleAt: ago(9 * MIN) } }).state,
    ).toBe('ok');
    expect(
      automationStep({ ...f, automation: { ...f.automation, lastCycleAt: ago(11 * MIN) } }),
    ).toEqual({
      state: 'stalled',
      reason: 'no cycle finished since 2026-12-02T11:49:00.000Z',
      waitsFor: 'the leader to finish a cycle',
    });
    // A long interval: overdue only after two of them.
    expect(
      automationStep({
        ...f,
        automation: { ...f.automation, intervalSeconds: 3600, lastCycleAt: ago(90 * MIN) },
      }).state,
    ).toBe('ok');
  });

  it('predictions: no new candle waits, and stalls after 4 days saying since when', () => {
    const f = healthy();
    const ok = automationStep(f);
    const noNew = { ...f.lastCycle!, outcome: 'no-new-candle' as const, predictions: 0 };
    expect(
      predictionsStep({ ...f, lastCycle: noNew, lastNewCandleAt: ago(86_400_000) }, ok),
    ).toEqual({
      state: 'waiting',
      reason: null,
      waitsFor: 'a new closed candle',
    });
    expect(
      predictionsStep(
        { ...f, lastCycle: noNew, lastNewCandleAt: new Date('2026-11-20T00:00:00Z') },
        ok,
      ),
    ).toMatchObject({ state: 'stalled', reason: 'no new candle since 2026-11-20T00:00:00.000Z' });
    // With the automation stopped, no new candle is no stall: the step waits for it.
    const stopped = automationStep({ ...f, automation: { ...f.automation, desired: 'stopped' } });
    expect(
      predictionsStep({ ...f, lastCycle: noNew, lastNewCandleAt: ago(30 * 86_400_000) }, stopped),
    ).toMatchObject({ state: 'waiting', waitsFor: 'the automation' });
    expect(
      predictionsStep({ ...f, lastCycle: { ...noNew, outcome: 'empty-output' } }, ok).state,
    ).toBe('failed');
    expect(predictionsStep({ ...f, lastCycle: null }, ok).state).toBe('waiting');
  });

  it('job steps: dead jobs stall (1–2) or fail (above the card gate of 2)', () => {
    expect(queueStep(idleQueue({ dead: 1 }), now, 'x')).toMatchObject({
      state: 'stalled',
      reason: 'queue has 1 dead job',
    });
    expect(queueStep(idleQueue({ dead: 3 }), now, 'x')).toMatchObject({
      state: 'failed',
      reason: 'queue has 3 dead jobs (the card allows 2)',
    });
  });

  it('job steps: retrying, a job waiting over 10 min, a last failure, never run', () => {
    expect(queueStep(idleQueue({ retry: 2 }), now, 'x')).toMatchObject({
      state: 'stalled',
      reason: '2 jobs failed and wait for a retry',
    });
    expect(
      queueStep(idleQueue({ created: 1, oldestWaitingAt: ago(11 * MIN) }), now, 'x').state,
    ).toBe('stalled');
    expect(queueStep(idleQueue({ created: 1, oldestWaitingAt: ago(MIN) }), now, 'x').state).toBe(
      'ok',
    );
    expect(
      queueStep(idleQueue({ lastFailedAt: ago(10_000), lastCompletedAt: ago(MIN) }), now, 'x')
        .state,
    ).toBe('failed');
    expect(
      queueStep(idleQueue({ lastFailedAt: ago(MIN), lastCompletedAt: ago(10_000) }), now, 'x')
        .state,
    ).toBe('ok');
    expect(queueStep(idleQueue({ lastCompletedAt: null }), now, 'a cycle')).toEqual({
      state: 'waiting',
      reason: null,
      waitsFor: 'a cycle',
    });
  });

  it('calibration fails on a map that fails its checksum', () => {
    const verdicts = judgeChain(
      healthy({ calibration: { groups: 1, latest: null, checksumFailures: 1 } }),
    );
    expect(verdicts.calibration.state).toBe('failed');
  });

  it('the chain is as bad as its worst step', () => {
    expect(worstState(['ok', 'waiting', 'ok'])).toBe('waiting');
    expect(worstState(['ok', 'stalled', 'failed'])).toBe('failed');
    expect(worstState([])).toBe('ok');
  });
});
