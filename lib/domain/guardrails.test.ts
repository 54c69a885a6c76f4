import { describe, expect, it } from 'vitest';
import { evaluateGuardrails, gateState, GATE_BANDS, parseGuardrailOverride } from './guardrails';

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
    expect(g.reasons).toEqual(['p95 latency 1600 ms above 1500', 'error rate 3.00 % above 0.02']);
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
