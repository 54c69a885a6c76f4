import { describe, expect, it } from 'vitest';
import { credentialFromEnv } from './api';
import { formatRolloutReport, rolloutExitCode, type RolloutReport } from './rolloutCommand';

const report = (over: Partial<RolloutReport>): RolloutReport => ({
  baseUrl: 'http://web',
  rollback: true,
  target: 'off',
  reason: 'drill',
  before: {
    stage: '0.1',
    updatedBy: 'ops@example.com',
    updatedAt: '2026-11-24T18:00:00.000Z',
    reason: 'canary',
  },
  eligibility: {
    currentStage: '0.1',
    eligible: false,
    next: '0.5',
    requiredHours: 1,
    metHours: 0.5,
    reason: '30 of 60 passing minutes at 0.1: 30 more needed',
  },
  verdict: { allowed: true, kind: 'rollback', because: '0.1 → off lowers the stage' },
  problem: null,
  after: {
    stage: 'off',
    updatedBy: 'internal',
    updatedAt: '2026-11-24T18:05:00.000Z',
    reason: 'drill',
  },
  processes: [
    { url: 'http://a', servedAfterMs: 210, readyAfterMs: 240, probes: 2, lastSeen: 'ok' },
    { url: 'http://b', servedAfterMs: 480, readyAfterMs: 515.4, probes: 4, lastSeen: 'ok' },
  ],
  everyProcessAfterMs: 515.4,
  outcome: 'changed',
  ...over,
});

describe('the rollout report', () => {
  it('states before, eligibility, after, each process and the rollback time', () => {
    const text = formatRolloutReport(report({}));
    expect(text.split('\n')).toEqual([
      'rollout     http://web: rollback to off ("drill")',
      'before      stage 0.1 (live share 0.1), set by ops@example.com at 2026-11-24T18:00:00.000Z: "canary"',
      'eligibility at 0.1: not eligible for promotion (0.50 of 1 h with every gate passing): 30 of 60 passing minutes at 0.1: 30 more needed',
      'allowed     0.1 → off lowers the stage',
      'after       stage off (live share 0), set by internal at 2026-11-24T18:05:00.000Z: "drill"',
      'process     http://a serves off after 0.210 s, /api/healthz ok after 0.240 s (2 probes)',
      'process     http://b serves off after 0.480 s, /api/healthz ok after 0.515 s (4 probes)',
      'rollback    0.515 s until every process (2) serves off and /api/healthz is ok (card: under 2 minutes)',
    ]);
    expect(rolloutExitCode(report({}))).toBe(0);
  });

  it('says which process did not confirm the stage, and exits 3', () => {
    const unconfirmed = report({
      processes: [
        { url: 'http://a', servedAfterMs: 210, readyAfterMs: 240, probes: 2, lastSeen: 'ok' },
        {
          url: 'http://b',
          servedAfterMs: null,
          readyAfterMs: null,
          probes: 1,
          lastSeen: 'POST /api/ml/score: 403 auth: the API token lacks the score scope',
        },
      ],
      everyProcessAfterMs: null,
      outcome: 'unverified',
    });
    const text = formatRolloutReport(unconfirmed);
    expect(text).toContain(
      'process     http://b NOT confirmed: POST /api/ml/score: 403 auth: the API token lacks the score scope (1 probe)',
    );
    expect(text).toContain('rollback    applied, but not every process confirmed off');
    expect(rolloutExitCode(unconfirmed)).toBe(3);
  });

  it('passes a refusal on with its reason, and exits 1', () => {
    const refused = report({
      rollback: false,
      target: '0.5',
      verdict: null,
      problem:
        'POST /api/rollout: 409 stage: acknowledge breach #7 (err-rate-30m) before going live again',
      after: null,
      processes: [],
      everyProcessAfterMs: null,
      outcome: 'refused',
    });
    expect(formatRolloutReport(refused).split('\n').at(-1)).toBe(
      'refused     POST /api/rollout: 409 stage: acknowledge breach #7 (err-rate-30m) before going live again; the stage stays 0.1',
    );
    expect(rolloutExitCode(refused)).toBe(1);
  });
});

describe('the credential', () => {
  it('comes from the environment, the internal token first', () => {
    expect(credentialFromEnv({ FUSION_API_TOKEN: 't', INTERNAL_API_TOKEN: 'i' })).toMatchObject({
      kind: 'internal',
      headers: { 'x-internal-api-token': 'i' },
    });
    expect(credentialFromEnv({ FUSION_API_TOKEN: 't' })).toMatchObject({
      kind: 'token',
      headers: { authorization: 'Bearer t' },
    });
    expect(credentialFromEnv({ INTERNAL_API_TOKEN: ' ' })).toBeNull();
  });
});
