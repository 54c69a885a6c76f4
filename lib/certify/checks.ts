// The go-live card's checks, each a pure function from the fetched evidence to a verdict and
// one line that says what was seen: an operator reads the line, not the JSON.
import { isDeepStrictEqual } from 'node:util';
import { FEATURE_SCHEMA_V2, MODEL_VERSION } from '@/lib/domain/featureSchema';
import { isRolloutStage, liveShare } from '@/lib/domain/rollout';
import { describeFailure, type Reply } from '@/lib/golive/api';
import {
  NAN_FIELD,
  REHEARSAL_HEADER,
  REHEARSAL_VALUES,
  SMOKE_FEATURE,
  type Evidence,
} from './evidence';

export interface CheckResult {
  name: string;
  pass: boolean;
  line: string;
}

export interface CheckOptions {
  /** The commit that should be deployed (--commit): buildSha must be it. */
  commit?: string;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const pass = (name: string, line: string): CheckResult => ({ name, pass: true, line });
const fail = (name: string, line: string): CheckResult => ({ name, pass: false, line });

/** The reply's JSON object when it answered 200; otherwise a failed check saying why. */
function answered(
  name: string,
  reply: Reply,
): { body: Json; failure?: never } | { body?: never; failure: CheckResult } {
  const body = asObject(reply.body);
  if (reply.status !== 200 || !body) return { failure: fail(name, describeFailure(reply)) };
  return { body };
}

const short = (sha: string) => sha.slice(0, 12);

export function checkVersion(evidence: Evidence, options: CheckOptions = {}): CheckResult {
  const name = 'version';
  const reply = answered(name, evidence.version);
  if (reply.failure) return reply.failure;
  const { featureVersion, modelVersion, schemaHash, buildSha } = reply.body;
  const problems: string[] = [];
  if (featureVersion !== FEATURE_SCHEMA_V2.version)
    problems.push(`featureVersion ${String(featureVersion)} is not ${FEATURE_SCHEMA_V2.version}`);
  if (modelVersion !== MODEL_VERSION)
    problems.push(`modelVersion ${String(modelVersion)} is not ${MODEL_VERSION}`);
  if (typeof schemaHash !== 'string' || !/^[0-9a-f]{64}$/.test(schemaHash))
    problems.push(`schemaHash ${String(schemaHash)} is not a sha256 (64 hex digits)`);
  const sha = typeof buildSha === 'string' ? buildSha : '';
  if (!/^[0-9a-f]{7,40}(-dirty)?$/.test(sha))
    problems.push(`buildSha ${JSON.stringify(buildSha)} is not a commit`);
  else if (options.commit) {
    // A short commit (7+ digits) may name it; a build with uncommitted changes is no commit.
    const expected = options.commit.toLowerCase();
    if (sha.endsWith('-dirty') || expected.length < 7 || !sha.startsWith(expected))
      problems.push(`buildSha ${sha} is not the deployed commit ${expected}`);
  }
  if (problems.length) return fail(name, problems.join('; '));
  const commitNote = options.commit
    ? ' = the deployed commit'
    : sha.endsWith('-dirty')
      ? ' (built from uncommitted changes)'
      : ' (no --commit given to compare)';
  return pass(
    name,
    `featureVersion ${featureVersion}, modelVersion ${modelVersion}, schemaHash ${short(schemaHash as string)}… (sha256), buildSha ${short(sha)}${commitNote}`,
  );
}

/** The security headers every response must carry (SPEC §3), each with what makes it valid. */
const SECURITY_HEADERS: readonly {
  header: string;
  label: string;
  valid: (value: string) => boolean;
  expect: string;
  show: (value: string) => string;
}[] = [
  {
    header: 'strict-transport-security',
    label: 'HSTS',
    valid: (v) => Number(/max-age=(\d+)/i.exec(v)?.[1] ?? 0) > 0,
    expect: 'a max-age above 0',
    show: (v) => /max-age=\d+/i.exec(v)?.[0] ?? v,
  },
  {
    header: 'x-frame-options',
    label: 'X-Frame-Options',
    valid: (v) => /^(deny|sameorigin)$/i.test(v.trim()),
    expect: 'DENY or SAMEORIGIN',
    show: (v) => v,
  },
  {
    // Its exact text may change (a per-request nonce, say): a script-src directive must be there.
    header: 'content-security-policy',
    label: 'CSP',
    valid: (v) => /(^|;)\s*script-src\s/i.test(v),
    expect: 'a script-src directive',
    show: (v) => /script-src[^;]*/i.exec(v)?.[0].trim() ?? v,
  },
  {
    header: 'x-content-type-options',
    label: 'X-Content-Type-Options',
    valid: (v) => v.trim().toLowerCase() === 'nosniff',
    expect: 'nosniff',
    show: (v) => v,
  },
  {
    header: 'referrer-policy',
    label: 'Referrer-Policy',
    valid: (v) => v.trim().length > 0,
    expect: 'a policy',
    show: (v) => v,
  },
];

export function checkHealthz(evidence: Evidence): CheckResult {
  const name = 'healthz';
  const reply = evidence.healthz;
  const body = asObject(reply.body);
  const problems: string[] = [];
  if (reply.status !== 200 || body?.ok !== true) problems.push(describeFailure(reply));
  const seen: string[] = [];
  for (const h of reply.error ? [] : SECURITY_HEADERS) {
    const value = reply.headers[h.header];
    if (value === undefined) problems.push(`${h.label} header missing`);
    else if (!h.valid(value)) problems.push(`${h.label} "${value}" lacks ${h.expect}`);
    else seen.push(`${h.label} ${h.show(value)}`);
  }
  if (problems.length) return fail(name, problems.join('; '));
  const latency = asObject(body?.database)?.latencyMs;
  return pass(
    name,
    `200 ok (database ${isNumber(latency) ? `${latency.toFixed(0)} ms` : 'ok'}); ${seen.join('; ')}`,
  );
}

/** Which output fields of a golden case differ: "score expected 0.12, got 0.13". */
function differences(expected: unknown, actual: unknown): string {
  const e = asObject(expected) ?? {};
  const a = asObject(actual) ?? {};
  const fields = [...new Set([...Object.keys(e), ...Object.keys(a)])].filter(
    (k) => !isDeepStrictEqual(e[k], a[k]),
  );
  return fields
    .slice(0, 3)
    .map((k) => `${k} expected ${JSON.stringify(e[k])}, got ${JSON.stringify(a[k])}`)
    .join(', ');
}

export function checkDeterminism(evidence: Evidence): CheckResult {
  const name = 'determinism';
  const reply = evidence.determinism;
  const body = asObject(reply.body);
  const cases = Array.isArray(body?.cases) ? (body.cases as unknown[]).map(asObject) : null;
  // The route answers 500 when a case fails, with the cases: judge them, not the status alone.
  if (!body || !cases || reply.error) return fail(name, describeFailure(reply));
  // Judged here as well as on the server: a case passes when its output equals the Python
  // reference's exactly, whatever its `passed` flag says.
  const failed = cases.filter(
    (c) => !c || c.passed !== true || !isDeepStrictEqual(c.expected, c.actual),
  );
  const total = cases.length;
  if (total === 0 || body.total !== total)
    return fail(name, `the server reports ${String(body.total)} cases but lists ${total}`);
  if (failed.length || body.passed !== total) {
    const detail = failed
      .slice(0, 3)
      .map((c) => `"${String(c?.name)}": ${differences(c?.expected, c?.actual) || 'marked failed'}`)
      .join('; ');
    return fail(
      name,
      `${total - failed.length}/${total} golden cases reproduce the Python reference (server says ${String(body.passed)}/${String(body.total)}); ${detail}`,
    );
  }
  return pass(
    name,
    `${total}/${total} golden cases of the Python reference reproduced bit for bit (TS ↔ Python parity)`,
  );
}

export function checkRehearsal(evidence: Evidence): CheckResult {
  const name = 'rehearsal';
  const reply = answered(name, evidence.rehearsal);
  if (reply.failure) {
    const hint =
      evidence.rehearsal.status === 403
        ? ' (the rehearsal is honoured for operators and the internal token: set INTERNAL_API_TOKEN)'
        : '';
    return fail(name, reply.failure.line + hint);
  }
  const { decision, advisory } = reply.body;
  const guardrails = asObject(reply.body.guardrails);
  const reasons = Array.isArray(guardrails?.reasons) ? guardrails.reasons.join('; ') : '';
  const seen = `${REHEARSAL_HEADER}: ${REHEARSAL_VALUES} → decision ${String(decision)}, advisory ${String(advisory)}, gates ${String(guardrails?.status)}`;
  if (decision !== 0 || advisory !== true || guardrails?.status !== 'fail')
    return fail(name, `${seen}; expected decision 0, advisory true, gates fail`);
  return pass(name, `${seen} (${reasons})`);
}

const parts = (value: unknown) => {
  const p = asObject(value);
  return p && ['rsi', 'macd', 'trend'].every((k) => isNumber(p[k]) && Math.abs(p[k]) <= 1)
    ? (p as { rsi: number; macd: number; trend: number })
    : null;
};
const fixed = (x: number) => Number(x.toFixed(4));

export function checkSmokeScore(evidence: Evidence): CheckResult {
  const name = 'smoke-score';
  const reply = answered(name, evidence.smoke);
  if (reply.failure) return reply.failure;
  const b = reply.body;
  const p = parts(b.ml_signal_parts);
  const problems: string[] = [];
  if (![-1, 0, 1].includes(b.decision as number)) problems.push(`decision ${String(b.decision)}`);
  if (!isNumber(b.confid) || b.confid < 0 || b.confid > 1)
    problems.push(`confid ${String(b.confid)}`);
  if (!isNumber(b.ml_bucket)) problems.push(`ml_bucket ${String(b.ml_bucket)}`);
  if (!p) problems.push(`ml_signal_parts ${JSON.stringify(b.ml_signal_parts)}`);
  if (!asObject(b.guardrails)) problems.push('no guardrails');
  if (typeof b.mode !== 'string') problems.push(`mode ${String(b.mode)}`);
  if (typeof b.requestId !== 'string') problems.push('no requestId');
  if (problems.length) return fail(name, `the reply lacks or garbles: ${problems.join(', ')}`);
  return pass(
    name,
    `${SMOKE_FEATURE.symbol} ${SMOKE_FEATURE.tf} → decision ${b.decision}, confid ${fixed(b.confid as number)}, ml_bucket ${b.ml_bucket}, ` +
      `parts rsi ${fixed(p!.rsi)} macd ${fixed(p!.macd)} trend ${fixed(p!.trend)}, mode ${b.mode}, ` +
      `gates ${String(asObject(b.guardrails)?.status)}, request ${b.requestId}`,
  );
}

export function checkNanGuard(evidence: Evidence): CheckResult {
  const name = 'nan-guard';
  const reply = evidence.nanGuard;
  const body = asObject(reply.body);
  const field = `feature.${NAN_FIELD}`;
  const seen = `${NAN_FIELD} "NaN" → ${reply.status || 'no reply'}`;
  if (reply.error) return fail(name, describeFailure(reply));
  if (reply.status < 400 || reply.status >= 500 || body?._err !== field)
    return fail(
      name,
      `${seen}, _err ${JSON.stringify(body?._err)}: expected a 4xx whose _err names ${field}`,
    );
  return pass(name, `${seen}, _err ${field}: ${String(body.message)}`);
}

export function checkAudit(evidence: Evidence): CheckResult {
  const name = 'audit';
  const requestId = asObject(evidence.smoke.body)?.requestId;
  if (typeof requestId !== 'string') return fail(name, 'no smoke score was answered to look for');
  const { entry, reply, read } = evidence.audit;
  if (!entry) {
    if (reply && reply.status !== 200) return fail(name, describeFailure(reply));
    return fail(
      name,
      `the smoke score ${requestId} is not among the ${read} newest ml.score entries`,
    );
  }
  const details = asObject(entry.details) ?? {};
  const problems: string[] = [];
  if (!isNumber(details.ml_bucket)) problems.push('ml_bucket');
  if (!parts(details.ml_signal_parts)) problems.push('ml_signal_parts');
  if (problems.length)
    return fail(name, `entry #${entry.id} of the smoke score lacks ${problems.join(' and ')}`);
  const origin = details.origin === undefined ? 'not recorded' : String(details.origin);
  return pass(
    name,
    `entry #${entry.id} ml.score by ${entry.actor} for ${requestId}: ml_bucket ${String(details.ml_bucket)}, ml_signal_parts {rsi, macd, trend}, origin ${origin}`,
  );
}

export function checkRollout(evidence: Evidence): CheckResult {
  const name = 'rollout';
  const reply = answered(name, evidence.rollout);
  if (reply.failure) return reply.failure;
  const { stage, updatedBy, updatedAt, reason } = reply.body;
  if (!isRolloutStage(stage)) return fail(name, `stage ${JSON.stringify(stage)} is not a stage`);
  return pass(
    name,
    `stage ${stage} (live share ${liveShare(stage)}), set by ${String(updatedBy)} at ${String(updatedAt)}: "${String(reason)}"`,
  );
}

/** A cycle is recent within two intervals, and never less than the 10 minutes diagnose allows. */
export const recentCycleSeconds = (intervalSeconds: number) => Math.max(600, 2 * intervalSeconds);

export function checkAutomation(evidence: Evidence): CheckResult {
  const name = 'automation';
  const reply = answered(name, evidence.automation);
  if (reply.failure) return reply.failure;
  const a = asObject(reply.body.automation) ?? {};
  const leader = asObject(a.leader);
  const interval = isNumber(a.intervalSeconds) ? a.intervalSeconds : 300;
  const last = typeof a.lastCycleAt === 'string' ? new Date(a.lastCycleAt) : null;
  const now = evidence.automation.at;
  const ago = last ? Math.round((now.getTime() - last.getTime()) / 1000) : null;
  const lastText = last ? `last cycle ${last.toISOString()} (${ago} s ago)` : 'no cycle yet';
  const error = a.lastError ? `; last error: ${String(a.lastError)}` : '';
  if (a.running !== true)
    return fail(
      name,
      `not running (desired ${String(a.desired)}, leader ${leader ? String(leader.instance) : 'none'}); ${lastText}${error}`,
    );
  const limit = recentCycleSeconds(interval);
  if (ago === null || ago > limit)
    return fail(name, `running, but ${lastText}: none in the last ${limit} s${error}`);
  return pass(
    name,
    `running, leader ${String(leader?.instance)}, a cycle every ${interval} s (${String(a.cycleCount)} so far), ${lastText}${error}`,
  );
}

/** "p95 850 ms pass", "staleness n/a": each gate's value rounded as its reason writes it. */
const gateText = (gates: Json, name: string, value: unknown, unit: string, digits: number) =>
  `${name} ${isNumber(value) ? `${value.toFixed(digits)}${unit} ` : ''}${String(asObject(gates.gates)?.[name] ?? '?')}`;

export function checkSloGates(evidence: Evidence): CheckResult {
  const name = 'slo-gates';
  const reply = answered(name, evidence.slo);
  if (reply.failure) return reply.failure;
  const gates = asObject(reply.body.gates);
  if (!gates) return fail(name, 'GET /api/slo/status has no gates');
  const scoreRate = asObject(gates.scoreRate) ?? {};
  const pause = asObject(reply.body.pause);
  const err = isNumber(gates.err) ? gates.err * 100 : null;
  const line =
    `gates ${String(gates.status)} (${gateText(gates, 'p95', gates.p95, ' ms', 0)}, ${gateText(gates, 'err', err, ' %', 2)}, ` +
    `${gateText(gates, 'staleness', gates.staleness, ' s', 0)}), score rate ${String(scoreRate.state)}` +
    (isNumber(scoreRate.perMinute) ? ` (${scoreRate.perMinute.toFixed(1)}/min)` : '') +
    (pause
      ? `, live decisions paused by breach #${String(pause.id)} (${String(pause.rule)})`
      : ', no live pause');
  const reasons =
    Array.isArray(gates.reasons) && gates.reasons.length ? `: ${gates.reasons.join('; ')}` : '';
  if (gates.status === 'fail' || scoreRate.state === 'fail' || pause)
    return fail(name, line + reasons);
  return pass(name, line + reasons);
}

/** The card's limit on jobs left in any one dead-letter queue. */
export const MAX_DEAD_LETTERS = 2;

export function checkDeadLetters(evidence: Evidence): CheckResult {
  const name = 'dlq';
  const reply = answered(name, evidence.automation);
  if (reply.failure) return reply.failure;
  const queues = Array.isArray(reply.body.queues) ? reply.body.queues.map(asObject) : null;
  if (!queues?.length)
    return fail(name, 'GET /api/automation/status reports no queues: cannot count dead letters');
  const dead = queues.map((q) => asObject(q?.deadLetter) ?? {});
  const over = dead.filter((d) => !isNumber(d.queued) || d.queued > MAX_DEAD_LETTERS);
  const counts = dead.map((d) => `${String(d.name)} ${String(d.queued)}`).join(', ');
  // pg-boss counts at most a minute behind: say when the oldest count was taken.
  const captured = queues
    .map((q) => (typeof q?.capturedOn === 'string' ? Date.parse(q.capturedOn) : NaN))
    .filter(Number.isFinite);
  const age = captured.length
    ? `, counted ${Math.max(0, Math.round((evidence.automation.at.getTime() - Math.min(...captured)) / 1000))} s before`
    : '';
  if (over.length)
    return fail(
      name,
      `${counts}${age}: more than ${MAX_DEAD_LETTERS} in ${over.map((d) => String(d.name)).join(', ')}`,
    );
  return pass(name, `${counts}${age} (at most ${MAX_DEAD_LETTERS} each)`);
}

/** The card's checks in its order. */
export const CHECKS: readonly ((evidence: Evidence, options: CheckOptions) => CheckResult)[] = [
  checkVersion,
  checkHealthz,
  checkDeterminism,
  checkRehearsal,
  checkSmokeScore,
  checkNanGuard,
  checkAudit,
  checkRollout,
  checkAutomation,
  checkSloGates,
  checkDeadLetters,
];

export const runChecks = (evidence: Evidence, options: CheckOptions = {}): CheckResult[] =>
  CHECKS.map((check) => check(evidence, options));
