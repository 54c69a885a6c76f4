import { describe, expect, it } from 'vitest';
import { JOB_PAYLOADS, QUEUES } from './queue';

describe('job payloads', () => {
  it('has a schema for every queue', () => {
    expect(Object.keys(JOB_PAYLOADS).sort()).toEqual([...QUEUES].sort());
  });

  it('takes the cycle slot for outcomes and nothing else anywhere', () => {
    const slot = '2026-11-24T06:05:00.000Z';
    expect(JOB_PAYLOADS['populate-outcomes'].parse({ slot })).toEqual({ slot });
    expect(JOB_PAYLOADS['populate-outcomes'].safeParse({}).success).toBe(false);
    expect(JOB_PAYLOADS['populate-outcomes'].safeParse({ slot: 'now' }).success).toBe(false);
    expect(JOB_PAYLOADS['evaluate-metrics'].parse({})).toEqual({});
    expect(JOB_PAYLOADS.calibrate.safeParse({ model: 'x' }).success).toBe(false);
  });
});
