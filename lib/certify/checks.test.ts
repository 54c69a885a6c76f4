import { describe, expect, it } from 'vitest';
import type { Reply } from '@/lib/golive/api';
import {
  checkAudit,
  checkAutomation,
  checkDeadLetters,
  checkDeterminism,
  checkHealthz,
  checkNanGuard,
  checkRehearsal,
  checkSloGates,
  checkVersion,
  runChecks,
} from './checks';
import type { Evidence } from './evidence';
import { certification, formatCertification } from './report';

const AT = new Date('2026-11-24T18:00:00Z');
const SHA = '958c5a4a701d3a407f5d1f46d0ea7fe72fdbec92';
const REQUEST = '27fca977-ef3b-418e-adb4-27a536ccdc34';
const PARTS = { rsi: 0.435, macd: 0.128, trend: 0.189 };

const reply = (path: string, body: unknown, over: Partial<Reply> = {}): Reply => ({
  method: 'GET',
  path,
  status: 200,
  headers: {},
  body,
  at: AT,
  ...over,
});

const SECURITY = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; script-src 'self' 'nonce-abc'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const goldenCase = (name: string) => {
  const output = { decision: 1, confid: 0.61, score: 0.2, ml_bucket: 0.6, ml_signal_parts: PARTS };
  return { name, passed: true, expected: output, actual: structuredClone(output) };
};

const scored = {
  decision: 1,
  confid: 0.62,
  score: 0.25,
  ml_bucket: 0.6,
  ml_signal_parts: PARTS,
  guardrails: { status: 'pass', advisory: false, reasons: [] },
  advisory: true,
  mode: 'preview',
  modelId: 'fusion-v2.0.0',
  requestId: REQUEST,
};

/** What a healthy deployment answers. */
function healthy(): Evidence {
  return {
    baseUrl: 'http://staging.test',
    version: reply('/api/ml/version', {
      featureVersion: 'v2.0.0',
      modelVersion: 'fusion-v2.0.0',
      schemaHash: '0530aeacf8aa'.padEnd(64, '0'),
      buildSha: SHA,
    }),
    healthz: reply(
      '/api/healthz',
      { ok: true, database: { ok: true, latencyMs: 2 } },
      { headers: { ...SECURITY } },
    ),
    determinism: reply('/api/ml/test/determinism', {
      passed: 3,
      total: 3,
      cases: ['a', 'b', 'c'].map(goldenCase),
    }),
    smoke: reply('/api/ml/score', scored, { method: 'POST' }),
    rehearsal: reply(
      '/api/ml/score',
      {
        ...scored,
        decision: 0,
        advisory: true,
        guardrails: { status: 'fail', advisory: true, reasons: ['p95 latency 1600 ms > 1500 ms'] },
        requestId: 'other',
      },
      { method: 'POST' },
    ),
    nanGuard: reply(
      '/api/ml/score',
      { _err: 'feature.rsi_14', message: 'expected number, received string' },
      { method: 'POST', status: 400 },
    ),
    audit: {
      entry: {
        id: '42',
        ts: AT.toISOString(),
        action: 'ml.score',
        actor: 'internal',
        details: {
          requestId: REQUEST,
          ml_bucket: 0.6,
          ml_signal_parts: PARTS,
          origin: 'certification',
        },
      },
      reply: null,
      read: 1,
    },
    rollout: reply('/api/rollout', {
      stage: 'preview',
      updatedBy: 'system',
      updatedAt: AT.toISOString(),
      reason: 'initial stage',
    }),
    automation: reply('/api/automation/status', {
      automation: {
        running: true,
        desired: 'running',
        leader: { instance: 'web-1' },
        intervalSeconds: 300,
        cycleCount: 12,
        lastCycleAt: new Date(AT.getTime() - 90_000).toISOString(),
        lastError: null,
      },
      queues: ['populate-outcomes', 'evaluate-metrics', 'calibrate'].map((name) => ({
        name,
        queued: 0,
        active: 0,
        failed: 0,
        deadLetter: { name: `${name}-dlq`, queued: name === 'calibrate' ? 2 : 0 },
        capturedOn: new Date(AT.getTime() - 20_000).toISOString(),
      })),
    }),
    slo: reply('/api/slo/status', {
      stage: 'preview',
      gates: {
        status: 'warn',
        p95: 1200,
        err: 0,
        staleness: null,
        gates: { p95: 'warn', err: 'pass', staleness: 'n/a' },
        reasons: ['p95 latency 1200 ms > 1000 ms (warn)'],
        scoreRate: { perMinute: 3, required: null, state: 'n/a' },
      },
      pause: null,
    }),
  };
}

describe('certification of a healthy deployment', () => {
  it('passes every check with its evidence and says CERTIFIED', () => {
    const checks = runChecks(healthy(), { commit: SHA.slice(0, 7) });
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    const text = formatCertification(certification('http://staging.test', AT, checks));
    expect(text.split('\n')).toHaveLength(checks.length + 2);
    expect(text).toContain(`${checks.length}/${checks.length} passed: CERTIFIED`);
    expect(text).toContain('HSTS max-age=63072000');
    expect(text).toContain("CSP script-src 'self' 'nonce-abc'");
    expect(text).toContain('calibrate-dlq 2');
    expect(text).toContain('gates warn');
  });
});

describe('each check fails on its own fault, with a line that names it', () => {
  it('version: a buildSha other than the deployed commit', () => {
    const result = checkVersion(healthy(), { commit: 'abcdef1' });
    expect(result.pass).toBe(false);
    expect(result.line).toBe(`buildSha ${SHA} is not the deployed commit abcdef1`);
  });

  it('version: a placeholder buildSha and a foreign model version', () => {
    const evidence = healthy();
    Object.assign(evidence.version.body as object, { buildSha: 'unknown', modelVersion: 'x-v1' });
    expect(checkVersion(evidence).line).toBe(
      'modelVersion x-v1 is not fusion-v2.0.0; buildSha "unknown" is not a commit',
    );
  });

  it('version: a dirty build is never the deployed commit', () => {
    const evidence = healthy();
    Object.assign(evidence.version.body as object, { buildSha: `${SHA}-dirty` });
    expect(checkVersion(evidence, { commit: SHA.slice(0, 7) }).pass).toBe(false);
    expect(checkVersion(evidence).line).toContain('built from uncommitted changes');
  });

  it('healthz: a missing X-Frame-Options, a CSP without script-src', () => {
    const evidence = healthy();
    delete evidence.healthz.headers['x-frame-options'];
    evidence.healthz.headers['content-security-policy'] = "default-src 'self'";
    const result = checkHealthz(evidence);
    expect(result.pass).toBe(false);
    expect(result.line).toBe(
      `X-Frame-Options header missing; CSP "default-src 'self'" lacks a script-src directive`,
    );
  });

  it('healthz: a 503 from a database that is down', () => {
    const evidence = healthy();
    evidence.healthz = reply(
      '/api/healthz',
      { ok: false, database: { ok: false } },
      { status: 503, headers: SECURITY },
    );
    expect(checkHealthz(evidence)).toMatchObject({ pass: false, line: 'GET /api/healthz: 503' });
  });

  it('determinism: a case whose output differs, even when the server calls it passed', () => {
    const evidence = healthy();
    const body = evidence.determinism.body as { cases: ReturnType<typeof goldenCase>[] };
    body.cases[1]!.actual.score = 0.2000000001;
    const result = checkDeterminism(evidence);
    expect(result.pass).toBe(false);
    expect(result.line).toBe(
      '2/3 golden cases reproduce the Python reference (server says 3/3); "b": score expected 0.2, got 0.2000000001',
    );
  });

  it('rehearsal: an API token is refused, with what to use instead', () => {
    const evidence = healthy();
    evidence.rehearsal = reply(
      '/api/ml/score',
      { _err: 'x-test-guardrails', message: 'honoured only for operators and the internal token' },
      { method: 'POST', status: 403 },
    );
    const result = checkRehearsal(evidence);
    expect(result.pass).toBe(false);
    expect(result.line).toContain('POST /api/ml/score: 403 x-test-guardrails');
    expect(result.line).toContain('set INTERNAL_API_TOKEN');
  });

  it('rehearsal: a live decision despite failing gates', () => {
    const evidence = healthy();
    Object.assign(evidence.rehearsal.body as object, { decision: 1, advisory: false });
    expect(checkRehearsal(evidence).line).toContain('expected decision 0, advisory true');
  });

  it('nan-guard: a NaN that got through', () => {
    const evidence = healthy();
    evidence.nanGuard = reply('/api/ml/score', scored, { method: 'POST' });
    expect(checkNanGuard(evidence)).toMatchObject({
      pass: false,
      line: 'rsi_14 "NaN" → 200, _err undefined: expected a 4xx whose _err names feature.rsi_14',
    });
  });

  it('audit: the smoke score is not in the log', () => {
    const evidence = healthy();
    evidence.audit = { entry: null, reply: null, read: 2000 };
    expect(checkAudit(evidence).line).toBe(
      `the smoke score ${REQUEST} is not among the 2000 newest ml.score entries`,
    );
  });

  it('audit: an entry without its signal parts', () => {
    const evidence = healthy();
    evidence.audit.entry!.details = { requestId: REQUEST, ml_bucket: 0.6 };
    expect(checkAudit(evidence).line).toBe('entry #42 of the smoke score lacks ml_signal_parts');
  });

  it('automation: stopped, and running without a recent cycle', () => {
    const evidence = healthy();
    const body = evidence.automation.body as { automation: Record<string, unknown> };
    Object.assign(body.automation, { running: false, desired: 'stopped', leader: null });
    expect(checkAutomation(evidence).line).toMatch(/^not running \(desired stopped, leader none\)/);
    Object.assign(body.automation, {
      running: true,
      desired: 'running',
      lastCycleAt: new Date(AT.getTime() - 11 * 60_000).toISOString(),
    });
    expect(checkAutomation(evidence).line).toContain('(660 s ago): none in the last 600 s');
  });

  it('slo-gates: a failing gate, and a live pause', () => {
    const evidence = healthy();
    const body = evidence.slo.body as { gates: Record<string, unknown>; pause: unknown };
    Object.assign(body.gates, {
      status: 'fail',
      gates: { p95: 'fail', err: 'pass', staleness: 'n/a' },
      p95: 1800,
      reasons: ['p95 latency 1800 ms > 1500 ms'],
    });
    const result = checkSloGates(evidence);
    expect(result.pass).toBe(false);
    expect(result.line).toContain('gates fail (p95 1800 ms fail');
    Object.assign(body.gates, { status: 'pass', reasons: [] });
    body.pause = { id: '7', rule: 'err-30m' };
    expect(checkSloGates(evidence)).toMatchObject({ pass: false });
    expect(checkSloGates(evidence).line).toContain('paused by breach #7 (err-30m)');
  });

  it('dlq: three dead letters in one queue', () => {
    const evidence = healthy();
    const body = evidence.automation.body as { queues: { deadLetter: { queued: number } }[] };
    body.queues[2]!.deadLetter.queued = 3;
    expect(checkDeadLetters(evidence).line).toBe(
      'populate-outcomes-dlq 0, evaluate-metrics-dlq 0, calibrate-dlq 3, counted 20 s before: more than 2 in calibrate-dlq',
    );
  });

  it('dlq: a deployment that does not report its queues', () => {
    const evidence = healthy();
    delete (evidence.automation.body as { queues?: unknown }).queues;
    expect(checkDeadLetters(evidence).pass).toBe(false);
  });

  it('any check: an unreachable deployment fails every check that needed a reply', () => {
    const evidence = healthy();
    for (const key of [
      'version',
      'healthz',
      'determinism',
      'rollout',
      'automation',
      'slo',
    ] as const)
      evidence[key] = reply(`/x`, null, { status: 0, error: 'connect ECONNREFUSED' });
    const failed = runChecks(evidence).filter((c) => !c.pass);
    expect(failed.map((c) => c.name)).toEqual([
      'version',
      'healthz',
      'determinism',
      'rollout',
      'automation',
      'slo-gates',
      'dlq',
    ]);
    expect(failed[0]!.line).toBe('GET /x: no reply (connect ECONNREFUSED)');
  });
});
