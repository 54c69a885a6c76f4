import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/appServer';
import { SOME_INDICATORS } from '../support/scoreFeatures';
import { seedSyntheticSymbols } from '../support/syntheticMarket';
import { signIn } from '../support/session';
import { startTestDatabase, type TestDatabase } from '../support/testDatabase';
import { seedTestUsers, TEST_PASSWORD, TEST_USERS } from '../support/users';

// Property-based HTTP fuzzing of every route of the production build: generated bodies, query
// strings and path segments, sent as a signed-in admin (past every role check, so the input
// reaches validation and the queries behind it). For every request: no 5xx; a 4xx names the
// problem in `_err`; a refused request (4xx) writes no row anywhere. Seeded: a failure prints
// fast-check's seed and path, and FUZZ_SEED=<seed> replays it.
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
/** Routes that take no input of their own get only stray query parameters: fewer runs. */
const RUNS_WITHOUT_INPUT = Math.ceil(RUNS_PER_ROUTE / 4);

// ---- generators ---------------------------------------------------------------------------

/** Strings that have broken parsers before: PostgreSQL's range edges, bigint overflow, junk. */
const EDGE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e400',
  'NaN',
  'Infinity',
  '9223372036854775807',
  '9223372036854775808',
  '9999999999999999999',
  '99999999999999999999999',
  '-004800-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '0000-01-01',
  '0999-12-31',
  '1000-01-01',
  '9999-12-31T23:59:59.999Z',
  '10000-01-01',
  '2024-02-30',
  '2024-01-02T00:00:00+25:00',
  '8640000000000001',
  'null',
  '[]',
  '{}',
  '%00',
  '\u0000',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  'x'.repeat(4000),
  '00000000-0000-4000-8000-000000000000',
];

const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  8.64e15,
  -8.64e15,
  8.64e15 + 1,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  1e-12,
  1e12,
  1e18,
  1e19,
];

const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

const weirdNumber = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: weirdString },
  { weight: 3, arbitrary: weirdNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/**
 * A valid object with up to two fields replaced by odd values, sometimes one dropped or one
 * added: about a third stay valid, so the paths behind validation are fuzzed too.
 */
function mutated(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(template);
  return fc
    .record({
      replaced: fc.dictionary(fc.constantFrom(...keys), weirdValue, { maxKeys: 2 }),
      dropped: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...keys) },
      ),
      extra: fc.option(fc.tuple(fc.string({ maxLength: 10 }), weirdValue), { freq: 5 }),
    })
    .map(({ replaced, dropped, extra }) => {
      const value: Record<string, unknown> = { ...template, ...replaced };
      if (dropped !== null) delete value[dropped];
      if (extra) value[extra[0]] = extra[1];
      return value;
    });
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string; contentType: string }
  | { kind: 'form'; fields: Record<string, string>; file?: string };

/** JSON bodies: mostly a mutated valid body, sometimes any JSON or not JSON at all. */
const jsonBodies = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 6, arbitrary: valid.map((value): Body => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Body => ({ kind: 'json', value })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 200 })
        .map((text): Body => ({ kind: 'text', text, contentType: 'application/json' })),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );

/** Query strings over a route's own parameters (mostly valid, some odd, some left out). */
function queries(valid: Record<string, string>): fc.Arbitrary<Record<string, string>> {
  const value = (key: string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | null>(valid[key]!) },
      { weight: 3, arbitrary: weirdString },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  return fc
    .record({
      own: fc.tuple(...Object.keys(valid).map((k) => value(k).map((v) => [k, v] as const))),
      stray: fc.option(fc.tuple(fc.string({ maxLength: 8 }), weirdString), { freq: 4 }),
    })
    .map(({ own, stray }) => {
      const query: Record<string, string> = {};
      for (const [k, v] of own) if (v !== null) query[k] = v;
      if (stray) query[stray[0]] = stray[1];
      return query;
    });
}

const noQuery = queries({});
const segment = fc.oneof(
  weirdString,
  fc.constantFrom('1', '42', '00000000-0000-4000-8000-000000000000'),
);

const CANDLE_CSV = 'date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n';
const csvText = fc.oneof(
  fc.constant(CANDLE_CSV),
  fc
    .array(
      fc.array(
        weirdString.map((s) => s.replace(/[,\n]/g, ' ')),
        { maxLength: 6 },
      ),
      {
        maxLength: 4,
      },
    )
    .map((rows) => `date,open,high,low,close,volume\n${rows.map((r) => r.join(',')).join('\n')}`),
  fc.string({ maxLength: 200 }),
);

// ---- the routes ---------------------------------------------------------------------------

interface FuzzRoute {
  /** The path, with its dynamic segments filled from `segments`. */
  path: (segments: string[]) => string;
  segments?: fc.Arbitrary<string[]>;
  query?: fc.Arbitrary<Record<string, string>>;
  body?: fc.Arbitrary<Body>;
  /** Routes whose replies a library owns (next-auth): only "no 5xx" holds there. */
  foreign?: string;
}

// Two synthetic daily series from 2020-01-01 (seedSyntheticSymbols): small, so the row-state
// check stays cheap, and enough for candles, features and scoring to answer.
const CANDLE_QUERY = {
  symbol: 'SYN000',
  tf: '1d',
  from: '2020-01-01',
  to: '2020-03-01T00:00:00Z',
  limit: '5',
};
const FEATURE = {
  ts: '2020-02-29T00:00:00.000Z',
  symbol: 'SYN000',
  tf: '1d',
  o: 100,
  h: 102,
  l: 98,
  c: 101,
  v: 1000,
  ...SOME_INDICATORS,
};
const fixed = (p: string) => () => p;

/**
 * One entry per exported method of every app/api/**\/route.ts, keyed `METHOD /api/path` with
 * the file's [segments]. A route added without an entry fails the completeness test below.
 */
const ROUTES: Record<string, FuzzRoute> = {
  'GET /api/admin/tokens': { path: fixed('/api/admin/tokens'), query: noQuery },
  'POST /api/admin/tokens': {
    path: fixed('/api/admin/tokens'),
    body: jsonBodies(mutated({ name: 'fuzz', scopes: ['read'] })),
  },
  'DELETE /api/admin/tokens/[id]': {
    path: ([id]) => `/api/admin/tokens/${id}`,
    segments: fc.tuple(segment),
  },
  'GET /api/admin/users': { path: fixed('/api/admin/users'), query: noQuery },
  'POST /api/admin/users': {
    path: fixed('/api/admin/users'),
    body: jsonBodies(
      mutated({
        email: 'fuzz@test.local',
        name: 'fuzz',
        role: 'viewer',
        password: 'a long enough password',
      }),
    ),
  },
  'PATCH /api/admin/users/[id]': {
    path: ([id]) => `/api/admin/users/${id}`,
    segments: fc.tuple(segment),
    body: jsonBodies(mutated({ disabled: true, role: 'viewer' })),
  },
  'POST /api/admin/users/[id]/reset-password': {
    path: ([id]) => `/api/admin/users/${id}/reset-password`,
    segments: fc.tuple(segment),
    body: jsonBodies(mutated({ mustChange: true })),
  },
  'GET /api/me/tokens': { path: fixed('/api/me/tokens'), query: noQuery },
  'POST /api/me/tokens': {
    path: fixed('/api/me/tokens'),
    body: jsonBodies(mutated({ name: 'fuzz', scopes: ['read'] })),
  },
  'DELETE /api/me/tokens/[id]': {
    path: ([id]) => `/api/me/tokens/${id}`,
    segments: fc.tuple(segment),
  },
  // Never the admin's real password: a valid change would end the fuzzing session.
  'POST /api/me/password': {
    path: fixed('/api/me/password'),
    body: jsonBodies(
      mutated({ currentPassword: 'not the password', newPassword: 'a long enough new password' }),
    ),
  },
  'GET /api/drift': {
    path: fixed('/api/drift'),
    query: queries({ symbol: 'SYN000', tf: '1d', referenceDays: '90' }),
  },
  'GET /api/model-metrics': {
    path: fixed('/api/model-metrics'),
    query: queries({ model: 'fusion-v2.0.0', horizon: '1d', window: '30d' }),
  },
  'GET /api/signal-parts': {
    path: fixed('/api/signal-parts'),
    query: queries({ model: 'fusion-v2.0.0', horizon: '1d', window: '30d' }),
  },
  'GET /api/paper-vs-live': {
    path: fixed('/api/paper-vs-live'),
    query: queries({
      model: 'fusion-v2.0.0',
      from: '2020-01-01',
      to: '2020-06-30',
      tf: '1d',
      horizon: '1d',
    }),
  },
  'GET /api/canary': { path: fixed('/api/canary'), query: noQuery },
  'GET /api/models': { path: fixed('/api/models'), query: noQuery },
  'POST /api/models/candidates': {
    path: fixed('/api/models/candidates'),
    body: jsonBodies(mutated({ reason: 'fuzz fit', from: '2024-01-01', to: '2024-06-01' })),
  },
  'GET /api/calibration': {
    path: fixed('/api/calibration'),
    query: queries({
      model: 'fusion-v2.0.0',
      horizon: '1d',
      tfFamily: 'daily',
      window: '30d',
      confidence: 'raw',
    }),
  },
  'GET /api/model-metrics/trend': {
    path: fixed('/api/model-metrics/trend'),
    query: queries({
      model: 'fusion-v2.0.0',
      horizon: '1d',
      tfFamily: 'daily',
      weeks: '52',
      span: '4',
    }),
  },
  // Six parameters each (the list's and the CSV's filters are the same): with more, hardly a
  // generated query would be valid throughout and reach the database.
  'GET /api/predictions': {
    path: fixed('/api/predictions'),
    query: queries({
      symbol: 'SPX',
      tf: '1d',
      horizon: '7d',
      outcome: 'matured',
      limit: '10',
      cursor: '100000',
    }),
  },
  'GET /api/predictions.csv': {
    path: fixed('/api/predictions.csv'),
    query: queries({
      decision: '-1',
      bucket: '0.6',
      backfilled: 'true',
      from: '2005-01-01',
      to: '2005-12-31T23:59:59Z',
      since: '2024-01-01T00:00:00Z',
    }),
  },
  'GET /api/reports/weekly.csv': {
    path: fixed('/api/reports/weekly.csv'),
    query: queries({ week: '2001-W40' }),
  },
  'GET /api/reports/weekly': { path: fixed('/api/reports/weekly'), query: noQuery },
  'GET /api/audit': {
    path: fixed('/api/audit'),
    query: queries({
      limit: '10',
      action: 'auth.signin',
      since: '2024-01-01T00:00:00Z',
      cursor: '10',
      actor: 'internal',
      from: '2024-01-01',
      to: '2030-12-31T23:59:59Z',
      q: 'SPX',
      id: '1',
    }),
  },
  'GET /api/audit.csv': {
    path: fixed('/api/audit.csv'),
    query: queries({ action: 'ml.score', actor: 'internal', from: '2024-01-01', q: '%_"' }),
  },
  'POST /api/audit/list': {
    path: fixed('/api/audit/list'),
    body: jsonBodies(
      mutated({
        limit: 10,
        action: 'auth.signin',
        since: '2024-01-01T00:00:00Z',
        cursor: '10',
        actor: 'internal',
        from: '2024-01-01T00:00:00Z',
        to: '2030-12-31T23:59:59Z',
        q: 'SPX',
      }),
    ),
  },
  'GET /api/auth/[...nextauth]': {
    path: (segments) => `/api/auth/${segments.join('/')}`,
    segments: fc.array(
      fc.oneof(fc.constantFrom('session', 'csrf', 'providers', 'signin', 'error'), segment),
      { minLength: 1, maxLength: 2 },
    ),
    query: queries({ error: 'CredentialsSignin', callbackUrl: '/' }),
    foreign: 'next-auth answers in its own format',
  },
  'POST /api/auth/[...nextauth]': {
    path: (segments) => `/api/auth/${segments.join('/')}`,
    segments: fc.oneof(
      fc.constant<string[]>(['callback', 'credentials']),
      fc.tuple(segment).map((s): string[] => [...s]),
    ),
    body: fc
      .dictionary(fc.constantFrom('email', 'password', 'csrfToken', 'json'), weirdString)
      .map((fields): Body => ({
        kind: 'text',
        text: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
      })),
    foreign: 'next-auth answers in its own format, and counts failed sign-ins',
  },
  'POST /api/automation/start': {
    path: fixed('/api/automation/start'),
    body: jsonBodies(weirdValue),
  },
  'GET /api/automation/chain': { path: fixed('/api/automation/chain'), query: noQuery },
  'GET /api/automation/status': { path: fixed('/api/automation/status'), query: noQuery },
  'POST /api/automation/stop': {
    path: fixed('/api/automation/stop'),
    body: jsonBodies(weirdValue),
  },
  'GET /api/archives': {
    path: fixed('/api/archives'),
    query: queries({
      kind: 'manual',
      status: 'ready',
      limit: '5',
      cursor: '1',
      since: '2024-01-01',
    }),
  },
  'POST /api/archives': {
    path: fixed('/api/archives'),
    body: jsonBodies(mutated({ from: '2024-01-01', to: '2024-01-02' })),
  },
  'GET /api/archives/[id]/download': {
    path: ([id]) => `/api/archives/${id}/download`,
    segments: fc.tuple(segment),
  },
  'GET /api/models/compare': {
    path: fixed('/api/models/compare'),
    query: queries({
      candidate: 'fusion-v2.1.0',
      horizon: '3d',
      from: '2024-01-01',
      to: '2024-02-01',
    }),
  },
  'GET /api/models/[id]/promotion': {
    path: ([id]) => `/api/models/${id}/promotion`,
    segments: fc.tuple(segment),
  },
  'POST /api/models/[id]/promote': {
    path: ([id]) => `/api/models/${id}/promote`,
    segments: fc.tuple(segment),
    body: jsonBodies(mutated({ reason: 'fuzzing the promotion', override: true })),
  },
  'GET /api/models/[id]/shadow-backfill': {
    path: ([id]) => `/api/models/${id}/shadow-backfill`,
    segments: fc.tuple(segment),
  },
  'POST /api/models/[id]/shadow-backfill': {
    path: ([id]) => `/api/models/${id}/shadow-backfill`,
    segments: fc.tuple(segment),
    body: jsonBodies(mutated({ from: '2024-01-01' })),
  },
  'GET /api/breaches/[id]/evidence': {
    path: ([id]) => `/api/breaches/${id}/evidence`,
    segments: fc.tuple(segment),
  },
  'POST /api/breaches/[id]/ack': {
    path: ([id]) => `/api/breaches/${id}/ack`,
    segments: fc.tuple(segment),
  },
  'GET /api/breaches': {
    path: fixed('/api/breaches'),
    query: queries({
      since: '2024-01-01T00:00:00Z',
      rule: 'p95-15m',
      window: '15m',
      limit: '5',
      cursor: '10',
    }),
  },
  'POST /api/candles/import': {
    path: fixed('/api/candles/import'),
    query: queries({ symbol: 'FUZZ', tf: '1d', tz: 'UTC', name: 'fuzz' }),
    body: fc.oneof(
      csvText.map((text): Body => ({ kind: 'text', text, contentType: 'text/csv' })),
      fc
        .record({
          fields: fc.record(
            {
              symbol: fc.oneof(fc.constant('FUZZ'), weirdString),
              tf: fc.oneof(fc.constant('1d'), weirdString),
              tz: fc.oneof(fc.constant('UTC'), weirdString),
            },
            { requiredKeys: [] },
          ),
          file: fc.option(csvText, { freq: 5 }),
        })
        .map(({ fields, file }): Body => ({ kind: 'form', fields, file: file ?? undefined })),
      fc.string({ maxLength: 100 }).map((text): Body => ({
        kind: 'text',
        text,
        contentType: 'multipart/form-data; boundary=x',
      })),
    ),
  },
  'GET /api/candles': { path: fixed('/api/candles'), query: queries(CANDLE_QUERY) },
  'GET /api/features': { path: fixed('/api/features'), query: queries(CANDLE_QUERY) },
  'GET /api/healthz': { path: fixed('/api/healthz'), query: noQuery },
  'GET /api/instruments': { path: fixed('/api/instruments'), query: noQuery },
  'POST /api/instruments': {
    path: fixed('/api/instruments'),
    body: jsonBodies(
      mutated({
        symbol: 'FUZZ',
        name: 'fuzz',
        exchangeTz: 'UTC',
        active: true,
        timeframes: [
          {
            tf: '1h',
            source: 'http',
            baseUrl: 'http://127.0.0.1:9',
            horizons: ['4h'],
            pollSeconds: 60,
          },
        ],
      }),
    ),
  },
  'GET /api/instruments/[symbol]': {
    path: ([symbol]) => `/api/instruments/${symbol}`,
    segments: fc.tuple(fc.oneof(segment, fc.constantFrom('SYN000', 'syn001'))),
  },
  'PATCH /api/instruments/[symbol]': {
    path: ([symbol]) => `/api/instruments/${symbol}`,
    segments: fc.tuple(fc.oneof(segment, fc.constantFrom('SYN000', 'SYN001'))),
    body: jsonBodies(
      mutated({
        name: 'fuzz',
        exchangeTz: 'UTC',
        active: true,
        timeframes: [{ tf: '1d', source: 'csv', horizons: ['1d', '7d'] }],
      }),
    ),
  },
  'GET /api/feeds': { path: fixed('/api/feeds'), query: noQuery },
  'GET /api/metrics': { path: fixed('/api/metrics'), query: noQuery },
  'POST /api/ml/score': {
    path: fixed('/api/ml/score'),
    body: jsonBodies(
      fc.oneof(
        mutated(FEATURE).map((feature) => ({ feature })),
        mutated({ modelId: 'fusion-v2.0.0', feature: FEATURE }),
      ),
    ),
  },
  'POST /api/ml/score/batch': {
    path: fixed('/api/ml/score/batch'),
    body: jsonBodies(
      fc.oneof(
        fc.array(mutated(FEATURE), { maxLength: 4 }).map((features) => ({ features })),
        mutated({ modelId: 'fusion-v2.0.0', features: [FEATURE] }),
      ),
    ),
  },
  'GET /api/ml/test/determinism': { path: fixed('/api/ml/test/determinism'), query: noQuery },
  'GET /api/ml/version': { path: fixed('/api/ml/version'), query: noQuery },
  'GET /api/queues': { path: fixed('/api/queues'), query: noQuery },
  'GET /api/queues/[name]/jobs': {
    path: ([name]) => `/api/queues/${name}/jobs`,
    segments: fc.tuple(fc.oneof(fc.constantFrom('calibrate', 'calibrate-dlq'), segment)),
    query: queries({
      state: 'failed',
      limit: '5',
      cursor: '1764000000000000.00000000-0000-4000-8000-000000000000',
      since: '2024-01-01',
    }),
  },
  'GET /api/queues/[name]/jobs/[id]': {
    path: ([name, id]) => `/api/queues/${name}/jobs/${id}`,
    segments: fc.tuple(fc.oneof(fc.constant('calibrate-dlq'), segment), segment),
  },
  'DELETE /api/queues/[name]/jobs/[id]': {
    path: ([name, id]) => `/api/queues/${name}/jobs/${id}`,
    segments: fc.tuple(fc.oneof(fc.constant('calibrate-dlq'), segment), segment),
  },
  'POST /api/queues/[name]/jobs/[id]/retry': {
    path: ([name, id]) => `/api/queues/${name}/jobs/${id}/retry`,
    segments: fc.tuple(fc.oneof(fc.constant('calibrate-dlq'), segment), segment),
  },
  'POST /api/queues/[name]/retry-all': {
    path: ([name]) => `/api/queues/${name}/retry-all`,
    segments: fc.tuple(fc.oneof(fc.constantFrom('calibrate', 'calibrate-dlq'), segment)),
  },
  'GET /api/openapi.json': { path: fixed('/api/openapi.json'), query: noQuery },
  'GET /api/rollout': { path: fixed('/api/rollout'), query: noQuery },
  'POST /api/rollout': {
    path: fixed('/api/rollout'),
    body: jsonBodies(mutated({ stage: 'preview', reason: 'fuzzing the rollout', force: false })),
  },
  'GET /api/rollout/changes': {
    path: fixed('/api/rollout/changes'),
    query: queries({ since: '2024-01-01T00:00:00Z', limit: '5', cursor: '10' }),
  },
  'GET /api/reports/slo-daily': {
    path: fixed('/api/reports/slo-daily'),
    query: queries({ limit: '5', cursor: '18800', since: '2021-06-01' }),
  },
  'POST /api/reports/slo-daily': {
    path: fixed('/api/reports/slo-daily'),
    body: jsonBodies(mutated({ date: '2024-01-01' })),
  },
  'GET /api/reports/slo-daily/[date]': {
    path: ([date]) => `/api/reports/slo-daily/${date}`,
    segments: fc.tuple(fc.oneof(fc.constant('2024-01-01'), segment)),
  },
  'GET /api/reports/slo-daily.csv': {
    path: fixed('/api/reports/slo-daily.csv'),
    query: queries({ date: '2024-01-01' }),
  },
  'GET /api/slo/pause': { path: fixed('/api/slo/pause'), query: noQuery },
  'GET /api/slo/status': { path: fixed('/api/slo/status'), query: noQuery },
  'GET /api/slo/timechart': { path: fixed('/api/slo/timechart'), query: queries({ range: '7d' }) },
  'GET /api/webhooks': { path: fixed('/api/webhooks'), query: noQuery },
  'POST /api/webhooks': {
    path: fixed('/api/webhooks'),
    body: jsonBodies(
      mutated({ url: 'http://127.0.0.1:9/fuzz', events: ['test'], description: 'fuzz' }),
    ),
  },
  'PATCH /api/webhooks/[id]': {
    path: ([id]) => `/api/webhooks/${id}`,
    segments: fc.tuple(segment),
    body: jsonBodies(mutated({ active: false, events: ['breach'], description: 'x' })),
  },
  'DELETE /api/webhooks/[id]': {
    path: ([id]) => `/api/webhooks/${id}`,
    segments: fc.tuple(segment),
  },
  'POST /api/webhooks/[id]/test': {
    path: ([id]) => `/api/webhooks/${id}/test`,
    segments: fc.tuple(segment),
  },
  'GET /api/webhooks/[id]/deliveries': {
    path: ([id]) => `/api/webhooks/${id}/deliveries`,
    segments: fc.tuple(segment),
    query: queries({ limit: '5', cursor: '10', since: '2024-01-01', status: 'dead' }),
  },
  'GET /api/threshold': { path: fixed('/api/threshold'), query: noQuery },
  'PUT /api/threshold': {
    path: fixed('/api/threshold'),
    body: jsonBodies(mutated({ step: 0.6, reason: 'fuzzing the threshold' })),
  },
};

// ---- the route files ----------------------------------------------------------------------

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** `METHOD /api/...` for every method every app/api/**\/route.ts exports. */
function routesOnDisk(): string[] {
  const root = path.resolve('app/api');
  const found: string[] = [];
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(file) !== 'route.ts') continue;
    const urlPath = `/api/${path.dirname(file).split(path.sep).join('/')}`;
    const source = readFileSync(path.join(root, file), 'utf8');
    const exported = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(\w+)/g))
      exported.add(m[1]!);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
      for (const name of m[1]!.split(','))
        exported.add(
          name
            .trim()
            .split(/\s+as\s+/)
            .at(-1)!,
        );
    for (const method of METHODS) if (exported.has(method)) found.push(`${method} ${urlPath}`);
  }
  return found.sort();
}

// ---- the server under test ----------------------------------------------------------------

let database: TestDatabase;
let server: AppServer;
let cookie = '';
let pool: typeof import('@/lib/db/client').pool;
let tables: string[] = [];
const statuses = new Map<string, Map<number, number>>();

beforeAll(async () => {
  // A database of its own: generated requests that happen to be valid (a rollout change, an
  // import) must not move the state other suites start from.
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  await seedTestUsers();
  await seedSyntheticSymbols(2, 60);
  ({ pool } = await import('@/lib/db/client'));
  server = await startAppServer({
    databaseUrl: database.url,
    env: {
      INTERNAL_API_TOKEN: randomBytes(16).toString('hex'),
      SIGNIN_RATE_LIMIT: '1000000',
    },
  });
  const session = await signIn(server.baseUrl, TEST_USERS.admin, TEST_PASSWORD);
  cookie = session.cookie!;
  const { rows } = await pool().query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  tables = rows.map((r) => r.name);
}, 180_000);

afterAll(async () => {
  const lines = [...statuses].map(
    ([route, counts]) =>
      `${route.padEnd(34)} ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ')}`,
  );
  console.log(
    `fuzz: seed ${SEED}, ${RUNS_PER_ROUTE} requests per route (${RUNS_WITHOUT_INPUT} without input)\n${lines.join('\n')}`,
  );
  if (pool) await pool().end();
  await server?.stop();
  await database?.destroy();
});

/**
 * Every table's row count and newest row version (xmin moves on insert and update): equal
 * before and after a request means it wrote nothing.
 */
async function rowState(): Promise<string> {
  const { rows } = await pool().query(
    tables
      .map(
        (t) => `SELECT '${t}' AS t, count(*) AS n, max(xmin::text::bigint) AS x FROM public."${t}"`,
      )
      .join(' UNION ALL '),
  );
  return JSON.stringify(rows);
}

async function send(method: string, url: string, body: Body) {
  const headers: Record<string, string> = { cookie };
  let payload: BodyInit | undefined;
  if (body.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.value) ?? 'null';
  } else if (body.kind === 'text') {
    headers['content-type'] = body.contentType;
    payload = body.text;
  } else if (body.kind === 'form') {
    const form = new FormData();
    for (const [k, v] of Object.entries(body.fields)) form.set(k, v);
    if (body.file !== undefined) form.set('file', new Blob([body.file]), 'fuzz.csv');
    payload = form;
  }
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers,
    body: payload,
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json, text };
}

// ---- the properties -----------------------------------------------------------------------

describe('HTTP fuzzing', () => {
  it('has an entry for every route file and method, and no entry without one', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routesOnDisk());
  });

  for (const [key, route] of Object.entries(ROUTES)) {
    const [method] = key.split(' ') as [string];
    it(`${key}: no 5xx, _err on every 4xx, nothing written when refused`, async () => {
      const counts = new Map<number, number>();
      statuses.set(key, counts);
      const request = fc.record({
        segments: route.segments ?? fc.constant<string[]>([]),
        query: route.query ?? noQuery,
        body: route.body ?? fc.constant<Body>({ kind: 'none' }),
      });
      const takesInput = route.body || route.segments || (route.query && route.query !== noQuery);
      // A refused request wrote nothing, so the state after it is the state before the next.
      let known: string | null = null;
      await fc.assert(
        fc.asyncProperty(request, async ({ segments, query, body }) => {
          const search = new URLSearchParams(query).toString();
          const url = `${route.path(segments.map((s) => encodeURIComponent(s)))}${search ? `?${search}` : ''}`;
          const before = known ?? (await rowState());
          known = null;
          const reply = await send(method, url, body);
          counts.set(reply.status, (counts.get(reply.status) ?? 0) + 1);
          const context = `${method} ${url} ${JSON.stringify(body).slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 300)}`;
          expect(reply.status, context).toBeLessThan(500);
          if (route.foreign) return;
          if (reply.status >= 400) {
            expect(typeof (reply.json as { _err?: unknown } | null)?._err, context).toBe('string');
            const after = await rowState();
            expect(after, `${context}: a refused request wrote rows`).toBe(before);
            known = after;
          }
        }),
        {
          seed: SEED,
          numRuns: takesInput ? RUNS_PER_ROUTE : RUNS_WITHOUT_INPUT,
          endOnFailure: true,
        },
      );
    }, 120_000);
  }
});
