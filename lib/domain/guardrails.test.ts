import { describe, expect, it } from 'vitest';
import {
  evaluateGuardrails,
  gateReason,
  gateState,
  GATE_BANDS,
  parseGuardrailOverride,
  stalenessSeconds,
} from './guardrails';

describe('gate bands', () => {
  it.each([
    ['p95', 1000, 'pass'],
    ['p95', 1000.001, 'warn'],
    ['p95', 1500, 'warn'],
    ['p95', 1500.001, 'fail'],
    ['staleness', 30, 'pass'],
    ['staleness', 30.5, 'warn'],
    ['staleness', 60, 'warn'],
    ['staleness', 61, 'fail'],
    ['err', 0.01, 'pass'],
    ['err', 0.0101, 'warn'],
    ['err', 0.02, 'warn'],
    ['err', 0.0201, 'fail'],
  ] as const)('%s = %d is %s', (gate, value, expected) => {
    expect(gateState(value, GATE_BANDS[gate])).toBe(expected);
  });

  it('treats a missing observation as not applicable, never as failing', () => {
    const g = evaluateGuardrails({ p95: null, err: null, staleness: null });
    expect(g).toMatchObject({ status: 'pass', advisory: false, reasons: [] });
    expect(g.gates).toEqual({ p95: 'n/a', staleness: 'n/a', err: 'n/a' });
  });
});

describe('evaluateGuardrails', () => {
  it('fails and turns advisory when any gate fails, naming it', () => {
    const g = evaluateGuardrails({ p95: 1600, err: 0.03, staleness: 5 });
    expect(g.status).toBe('fail');
    expect(g.advisory).toBe(true);
    expect(g.reasons).toEqual(['p95 latency 1600 ms > 1500 ms', 'error rate 3.00 % > 2 %']);
  });

  it('states every value and its threshold in the same unit', () => {
    const g = evaluateGuardrails({ p95: 1200, err: 0.015, staleness: 75 });
    expect(g.reasons).toEqual([
      'p95 latency 1200 ms > 1000 ms (warn)',
      'data staleness 75 s > 60 s',
      'error rate 1.50 % > 1 % (warn)',
    ]);
  });

  it('warns without turning advisory', () => {
    const g = evaluateGuardrails({ p95: 1200, err: 0, staleness: 10 });
    expect(g).toMatchObject({ status: 'warn', advisory: false });
    expect(g.reasons).toHaveLength(1);
  });
});

describe('parseGuardrailOverride', () => {
  it('reads the rehearsal header', () => {
    expect(parseGuardrailOverride('p95=1600,err=0.03')).toEqual({
      ok: true,
      override: { p95: 1600, err: 0.03 },
    });
    expect(parseGuardrailOverride(' staleness = 90 ')).toEqual({
      ok: true,
      override: { staleness: 90 },
    });
  });

  it.each(['p95=fast', 'latency=3', 'p95=-1', 'p95=1e3', ''])('refuses %j', (header) => {
    expect(parseGuardrailOverride(header).ok).toBe(false);
  });
});

describe('gateReason', () => {
  it('never rounds a value down onto its threshold', () => {
    expect(gateReason('p95', 1500.4, 1500)).toBe('p95 latency 1500.4 ms > 1500 ms');
    expect(gateReason('p95', 1500.004, 1500)).toBe('p95 latency 1500.004 ms > 1500 ms');
    expect(gateReason('staleness', 60.2, 60)).toBe('data staleness 60.2 s > 60 s');
    expect(gateReason('err', 0.02001, 0.02)).toBe('error rate 2.001 % > 2 %');
    expect(gateReason('err', 0.0201, 0.02)).toBe('error rate 2.01 % > 2 %');
  });
});

describe('stalenessSeconds', () => {
  const now = new Date('2026-03-02T12:00:00Z');

  it('counts seconds since the last success', () => {
    expect(stalenessSeconds(new Date('2026-03-02T11:58:45Z'), now)).toBe(75);
  });

  it('is 0, never negative, when the feed is stamped ahead of the clock (skew)', () => {
    expect(stalenessSeconds(new Date('2026-03-02T12:00:03Z'), now)).toBe(0);
    expect(stalenessSeconds(now, now)).toBe(0);
  });
});
