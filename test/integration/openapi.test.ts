import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiDocument } from '@/lib/openapi/apiDocument';
import { inlineRefs } from '@/lib/openapi/resolve';
import type { HttpMethod, OpenApiDocument } from '@/lib/openapi/types';
import { api, type Caller } from '../support/api';
import { SOME_INDICATORS, SPX_LAST_CANDLE } from '../support/scoreFeatures';

// The document the running server serves, and real answers of that server checked against the
// response schemas it declares: what a client generated from the document would accept.

const viewer: Caller = { kind: 'session', role: 'viewer' };
const operator: Caller = { kind: 'session', role: 'operator' };
const token: Caller = { kind: 'internal' };

let served: OpenApiDocument;
let servedText: string;
let etag: string;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

/** The validator of one declared answer: method and path as the document spells them. */
function responseSchema(method: HttpMethod, path: string, status: number): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const response = served.paths[path]?.[method]?.responses[String(status)];
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`the document declares no JSON answer ${status} for ${key}`);
    validate = ajv.compile(inlineRefs(schema, served));
    validators.set(key, validate);
  }
  return validate;
}

function expectConforms(method: HttpMethod, path: string, status: number, body: unknown) {
  const validate = responseSchema(method, path, status);
  const valid = validate(body);
  expect(validate.errors ?? [], `${method.toUpperCase()} ${path} ${status}`).toEqual([]);
  expect(valid).toBe(true);
}

beforeAll(async () => {
  const response = await fetch(`${inject('baseUrl')}/api/openapi.json`);
  expect(response.status).toBe(200);
  servedText = await response.text();
  served = JSON.parse(servedText);
  etag = response.headers.get('etag') ?? '';
});

describe('GET /api/openapi.json', () => {
  it('is public JSON, the document of this checkout’s contracts, byte for byte', async () => {
    const response = await fetch(`${inject('baseUrl')}/api/openapi.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('public');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(response.headers.get('etag')).toBe(etag);
    expect(await response.text()).toBe(servedText);
    expect(servedText).toBe(apiDocument().json);
  });

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(served) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe('3.1');
  });

  it('answers 304 to a client that holds it', async () => {
    const response = await fetch(`${inject('baseUrl')}/api/openapi.json`, {
      headers: { 'if-none-match': etag },
    });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    const stale = await fetch(`${inject('baseUrl')}/api/openapi.json`, {
      headers: { 'if-none-match': '"something-else"' },
    });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });
});

describe('real answers match the document’s response schemas', () => {
  it('GET /api/ml/version and /api/healthz (public)', async () => {
    const version = await api('/api/ml/version');
    expect(version.status).toBe(200);
    expectConforms('get', '/api/ml/version', 200, version.body);
    const health = await api('/api/healthz');
    expect(health.status).toBe(200);
    expectConforms('get', '/api/healthz', 200, health.body);
  });

  it('GET /api/slo/status, and its 401 without credentials', async () => {
    const status = await api('/api/slo/status', { as: viewer });
    expect(status.status).toBe(200);
    expectConforms('get', '/api/slo/status', 200, status.body);
    const refused = await api('/api/slo/status');
    expect(refused.status).toBe(401);
    expectConforms('get', '/api/slo/status', 401, refused.body);
  });

  it('POST /api/ml/score, its 400 naming the field, and the audit list it adds to', async () => {
    const scored = await api('/api/ml/score', {
      body: { feature: { ...SPX_LAST_CANDLE, ...SOME_INDICATORS } },
      as: operator,
    });
    expect(scored.status).toBe(200);
    expectConforms('post', '/api/ml/score', 200, scored.body);

    const bad = await api('/api/ml/score', {
      body: { feature: { ...SPX_LAST_CANDLE, h: 'high' } },
      as: operator,
    });
    expect(bad.status).toBe(400);
    expect(bad.body._err).toBe('feature.h');
    expectConforms('post', '/api/ml/score', 400, bad.body);

    // A list endpoint, by the internal token (a viewer's access): ids and instants as the
    // document says (decimal strings, date-time), nextCursor a cursor for the next page.
    const audit = await api('/api/audit?limit=2&action=ml.score', { as: token });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expectConforms('get', '/api/audit', 200, audit.body);
    const page = await api('/api/breaches?limit=5', { as: viewer });
    expect(page.status).toBe(200);
    expectConforms('get', '/api/breaches', 200, page.body);
  });

  it('GET /api/instruments, /api/candles and /api/automation/status', async () => {
    const instruments = await api('/api/instruments', { as: viewer });
    expect(instruments.status).toBe(200);
    expectConforms('get', '/api/instruments', 200, instruments.body);
    const candles = await api('/api/candles?symbol=SPX&tf=1d&limit=3', { as: viewer });
    expect(candles.status).toBe(200);
    expect(candles.body.candles).toHaveLength(3);
    expectConforms('get', '/api/candles', 200, candles.body);
    const automation = await api('/api/automation/status', { as: viewer });
    expect(automation.status).toBe(200);
    expectConforms('get', '/api/automation/status', 200, automation.body);
  });

  it('refusals: 403 below the role, 404 for a missing breach, 400 on a bad limit', async () => {
    const forbidden = await api('/api/admin/users', { as: viewer });
    expect(forbidden.status).toBe(403);
    expectConforms('get', '/api/admin/users', 403, forbidden.body);
    const missing = await api('/api/breaches/999999999/ack', { method: 'POST', as: token });
    expect(missing.status).toBe(404);
    expectConforms('post', '/api/breaches/{id}/ack', 404, missing.body);
    const badLimit = await api('/api/audit?limit=0', { as: viewer });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body._err).toBe('limit');
    expectConforms('get', '/api/audit', 400, badLimit.body);
  });
});
