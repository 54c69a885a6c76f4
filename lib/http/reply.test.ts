import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { adminEndpoints } from '@/lib/contracts/admin';
import { sloEndpoints } from '@/lib/contracts/slo';
import { reply } from './reply';

const breach = {
  id: 9_223_372_036_854_775_807n,
  ts: new Date('2026-11-24T06:07:08.009Z'),
  rule: 'err-rate-30m',
  severity: 'critical',
  window: '30m',
  observed: { threshold: 0.02, value: Number.NaN },
  stageBefore: '0.5',
  stageAfter: 'off',
  action: 'rollback',
  pausedLive: true,
  acknowledgedAt: null,
  acknowledgedBy: null,
  endedAt: null,
};

describe('reply', () => {
  it('writes ids as decimal text, instants as ISO UTC, and a non-finite figure as null', async () => {
    const response = reply(sloEndpoints.pause, { pause: breach });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      pause: {
        ...breach,
        id: '9223372036854775807',
        ts: '2026-11-24T06:07:08.009Z',
        observed: { threshold: 0.02, value: null },
      },
    });
  });

  it('sends only what the contract declares, with its success status', async () => {
    const user = {
      id: 'u1',
      email: 'a@b.c',
      name: 'A',
      role: 'viewer' as const,
      createdAt: new Date(0),
      passwordHash: 'never on the wire',
    };
    const response = reply(adminEndpoints.createUser, { user, password: 'shown once' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      user: {
        id: 'u1',
        email: 'a@b.c',
        name: 'A',
        role: 'viewer',
        createdAt: '1970-01-01T00:00:00.000Z',
      },
      password: 'shown once',
    });
  });

  it('refuses a value outside its contract as our own error (a 500), never a ZodError (a 4xx)', () => {
    const bad = { pause: { ...breach, ts: 'yesterday' } } as never;
    let thrown: unknown;
    try {
      reply(sloEndpoints.pause, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(ZodError);
    expect((thrown as Error).message).toMatch(
      /GET \/api\/slo\/pause: the reply does not match its contract/,
    );
  });
});
