import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { API, ALL_ENDPOINTS } from '@/lib/contracts';
import { apiDocument } from './apiDocument';
import { buildOpenApiDocument } from './document';
import { ENDPOINT_NOTES } from './notes';
import { inlineRefs } from './resolve';
import type { HttpMethod, JsonSchema, Operation } from './types';

const API_DIR = path.resolve(import.meta.dirname, '../../app/api');
/** next-auth's own handler (sign-in, callbacks) has no contract of ours. */
const OUTSIDE_THE_CONTRACT = new Set(['/api/auth/:nextauth']);

interface ServedRoute {
  method: string;
  /** As the contract spells it: `/api/breaches/:id/ack`. */
  path: string;
  /** The source of this method's handler (from its export to the next one). */
  source: string;
}

/** Every method each route file under app/api exports, with its handler's source. */
function servedRoutes(): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const apiPath = `/api/${path.relative(API_DIR, dir)}`
          .split(path.sep)
          .join('/')
          .replace(/\[(?:\.\.\.)?(\w+)\]/g, ':$1');
        if (OUTSIDE_THE_CONTRACT.has(apiPath)) continue;
        const source = readFileSync(full, 'utf8');
        const exports = [
          ...source.matchAll(
            /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g,
          ),
        ];
        exports.forEach((match, i) =>
          routes.push({
            method: match[1],
            path: apiPath,
            source: source.slice(match.index, exports[i + 1]?.index ?? source.length),
          }),
        );
      }
    }
  };
  walk(API_DIR);
  return routes;
}

const doc = apiDocument().document;
const operation = (method: string, contractPath: string): Operation | undefined =>
  doc.paths[contractPath.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase() as HttpMethod];

const operations = () =>
  Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ path: p, method: m, op: op as Operation })),
  );

/** Every schema object in the document where a JSON Schema stands (not $ref'd components). */
function schemasOf(op: Operation): { where: string; schema: JsonSchema }[] {
  const found: { where: string; schema: JsonSchema }[] = [];
  for (const p of op.parameters ?? []) found.push({ where: `${p.in} ${p.name}`, schema: p.schema });
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
    found.push({ where: `body ${type}`, schema: media.schema });
  for (const [status, response] of Object.entries(op.responses))
    for (const [type, media] of Object.entries(response.content ?? {}))
      found.push({ where: `${status} ${type}`, schema: media.schema });
  return found;
}

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(doc) as unknown as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does refuse a broken one: a parameter in no place OpenAPI knows.
    const broken = structuredClone(doc);
    broken.paths['/api/audit'].get!.parameters![0].in = 'body' as 'query';
    expect(
      (await new Validator().validate(broken as unknown as Record<string, unknown>)).valid,
    ).toBe(false);
  });

  it('describes every route file under app/api, every method, and nothing else', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter((r) => !operation(r.method, r.path));
    expect(
      missing.map((r) => `${r.method} ${r.path}`),
      'routes the document does not describe',
    ).toEqual([]);
    const described = operations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(described.sort()).toEqual(
      served.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort(),
    );
  });

  it('has one operation per contract endpoint, with its summary and access', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const op = operation(endpoint.method, endpoint.path);
      expect(op, `${endpoint.method} ${endpoint.path}`).toBeDefined();
      expect(op!.summary).toBe(endpoint.summary);
      expect(op!['x-access']).toBe(endpoint.access);
    }
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says who may call each route as the route itself checks it', () => {
    let checked = 0;
    for (const route of servedRoutes()) {
      const op = operation(route.method, route.path)!;
      const guard = route.source.match(
        /authorize\(request, \{ role: '(\w+)'(?:, scope: '(\w+)')? \}\)/,
      );
      if (op['x-access'] === 'public') {
        expect(route.source, `${route.method} ${route.path}`).not.toContain('authorize(');
        expect(op.security).toEqual([]);
        continue;
      }
      if (!guard) continue; // authorized in a shared helper (automation start / stop)
      checked++;
      expect(op['x-access'], `${route.method} ${route.path}`).toBe(guard[1]);
      const scope = guard[2] ?? (guard[1] === 'viewer' ? 'read' : 'operate');
      expect(op.security, `${route.method} ${route.path}`).toEqual(
        guard[1] === 'admin'
          ? [{ sessionCookie: ['admin'] }]
          : [{ sessionCookie: [guard[1]] }, { bearerToken: [scope] }, { internalToken: [] }],
      );
    }
    expect(checked).toBeGreaterThan(25);
    expect(operation('POST', '/api/ml/score')!['x-token-scope']).toBe('score');
    expect(operation('GET', '/api/metrics')!['x-token-scope']).toBe('read');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'bearerToken',
      'internalToken',
      'sessionCookie',
    ]);
  });

  it('names every refusal status a route answers, with the error shape', () => {
    const missing: string[] = [];
    for (const route of servedRoutes()) {
      const op = operation(route.method, route.path)!;
      const statuses = new Set<string>();
      for (const [, status] of route.source.matchAll(/HttpError\(\s*(\d{3})/g))
        statuses.add(status);
      for (const [, status] of route.source.matchAll(/status: (\d{3})/g)) statuses.add(status);
      if (/notFound\(/.test(route.source)) statuses.add('404');
      for (const status of statuses)
        if (!op.responses[status]) missing.push(`${route.method} ${route.path} answers ${status}`);
    }
    expect(missing, 'statuses a route answers that the document does not name').toEqual([]);
    for (const { op, path: p, method } of operations()) {
      if (op['x-access'] !== 'public') {
        expect(op.responses['401'], `${method} ${p}`).toBeDefined();
        expect(op.responses['403'], `${method} ${p}`).toBeDefined();
      }
      if (op.parameters?.length || op.requestBody) expect(op.responses['400']).toBeDefined();
      if (op.requestBody) expect(op.responses['413'], `${method} ${p}`).toBeDefined();
    }
    expect(doc.components.schemas.Error).toEqual({
      type: 'object',
      properties: { _err: { type: 'string' }, message: { type: 'string' } },
      required: ['_err', 'message'],
    });
    const score = operation('POST', '/api/ml/score')!;
    expect(score.responses['429'].content!['application/json'].schema).toMatchObject({
      properties: { retryAfter: { type: 'number' } },
    });
    expect(score.responses['400'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });

  it('has notes only for endpoints that exist', () => {
    const declared = new Set(ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`));
    for (const key of Object.keys(ENDPOINT_NOTES)) expect(declared, key).toContain(key);
  });

  it('writes codecs as their wire types: instants date-time strings, ids decimal strings', () => {
    const audit = operation('GET', '/api/audit')!;
    const item = (audit.responses['200'].content!['application/json'].schema as JsonSchema)
      .properties as Record<string, JsonSchema>;
    const entry = (item.items.items as JsonSchema).properties as Record<string, JsonSchema>;
    expect(entry.ts).toMatchObject({ type: 'string', format: 'date-time' });
    expect(entry.id).toMatchObject({ type: 'string', pattern: '^[0-9]{1,19}$' });
    expect(item.nextCursor).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    const cursor = audit.parameters!.find((p) => p.name === 'cursor')!;
    expect(cursor).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
    const limit = audit.parameters!.find((p) => p.name === 'limit')!;
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
    const ack = operation('POST', '/api/breaches/:id/ack')!;
    expect(ack.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'a breach id',
        schema: { type: 'string', pattern: '^[0-9]{1,19}$' },
      },
    ]);
  });

  it('describes the score body field by field, and the CSV and multipart imports', () => {
    const body = operation('POST', '/api/ml/score')!.requestBody!.content['application/json']
      .schema;
    expect(body).toMatchObject({ type: 'object', required: ['feature'] });
    const feature = (body.properties as Record<string, JsonSchema>).feature;
    expect(feature.required).toEqual(['ts', 'symbol', 'tf', 'o', 'h', 'l', 'c', 'v']);
    expect(feature.additionalProperties).toBe(false);
    const imports = operation('POST', '/api/candles/import')!;
    expect(Object.keys(imports.requestBody!.content)).toEqual(['text/csv', 'multipart/form-data']);
    expect(imports.requestBody!.content['multipart/form-data'].schema).toMatchObject({
      required: ['file', 'symbol'],
      properties: { file: { type: 'string' }, tf: { enum: ['1m', '5m', '15m', '1h', '4h', '1d'] } },
    });
    expect(imports.responses['422'].content!['application/json'].schema).toMatchObject({
      required: expect.arrayContaining(['_err', 'message', 'errors']),
    });
    expect(operation('GET', '/api/predictions.csv')!.responses['200'].content).toHaveProperty([
      'text/csv; charset=utf-8',
    ]);
  });

  it('holds only schemas that compile as JSON Schema 2020-12 (strict)', () => {
    const ajv = newAjv();
    for (const { op, path: p, method } of operations())
      for (const { where, schema } of schemasOf(op))
        expect(() => ajv.compile(inlineRefs(schema, doc)), `${method} ${p} ${where}`).not.toThrow();
  });

  it('is the same every time it is made, and made once per process', () => {
    const again = buildOpenApiDocument(API, { version: doc.info.version });
    expect(JSON.stringify(again)).toBe(apiDocument().json);
    expect(apiDocument()).toBe(apiDocument());
  });
});
