import { describe, expect, it } from 'vitest';
import { cardGates } from './gates';
import { emptyConfidHistogram, emptyLatencyHistogram, LATENCY_BOUNDS_MS } from './histogram';
import type { MinuteRollup } from './minutes';

const MINUTE = 60_000;
const END = new Date(Date.parse('2026-03-02T12:00:00Z'));

/** A minute `k` minutes before END with `count` requests at `boundMs`, `errors` of them 5xx. */
function minuteAgo(k: number, count: number, boundMs: number, errors = 0): MinuteRollup {
  const latency = emptyLatencyHistogram();
  const bucket = LATENCY_BOUNDS_MS.indexOf(boundMs);
  if (bucket < 0) throw new RangeError(`${boundMs} ms is no bucket bound`);
  latency[bucket] = count;
  return {
    minute: new Date(END.getTime() - k * MINUTE),
    count,
    errors,
    latency,
    confid: emptyConfidHistogram(),
    maxStaleness: null,
  };
}

const gates = (minutes: MinuteRollup[], o: { staleness?: number | null; live?: boolean } = {}) =>
  cardGates({
    minutes,
    windowEnd: END,
    minuteMs: MINUTE,
    staleness: o.staleness ?? null,
    live: o.live ?? false,
  });

describe('cardGates', () => {
  it('judges p95 on the last 15 minutes only: a slow minute 16 minutes ago does not count', () => {
    const slowLongAgo = gates([minuteAgo(16, 100, 3000), minuteAgo(1, 100, 100)]);
    expect(slowLongAgo.gates.p95).toBe('pass');
    const slowRecently = gates([minuteAgo(15, 100, 3000), minuteAgo(1, 100, 100)]);
    expect(slowRecently.gates.p95).toBe('fail');
    expect(slowRecently.traffic).toEqual({ last15Minutes: 200, last30Minutes: 200 });
  });

  it('judges the error rate on the last 30 minutes: 3 % fails, 1.5 % warns, 1 % passes', () => {
    expect(gates([minuteAgo(30, 100, 100, 3)]).gates.err).toBe('fail');
    expect(gates([minuteAgo(30, 200, 100, 3)]).gates.err).toBe('warn');
    expect(gates([minuteAgo(30, 100, 100, 1)]).gates.err).toBe('pass');
    expect(gates([minuteAgo(31, 100, 100, 50)]).gates.err).toBe('n/a');
  });

  it('takes the staleness as given, and without traffic or feed a gate is n/a', () => {
    const quiet = gates([], { staleness: 75 });
    expect(quiet.gates).toEqual({ p95: 'n/a', err: 'n/a', staleness: 'fail' });
    expect(quiet.status).toBe('fail');
  });

  it('requires 10 scores a minute over the last 5 minutes in live stages only', () => {
    const busy = Array.from({ length: 5 }, (_, k) => minuteAgo(k + 1, 10, 100));
    expect(gates(busy, { live: true }).scoreRate).toEqual({
      perMinute: 10,
      required: 10,
      state: 'pass',
    });
    const thin = [...busy.slice(1), minuteAgo(1, 9, 100)];
    expect(gates(thin, { live: true }).scoreRate.state).toBe('fail');
    expect(gates(thin, { live: false }).scoreRate).toMatchObject({ required: null, state: 'n/a' });
  });
});
