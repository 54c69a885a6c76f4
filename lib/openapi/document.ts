import { z } from 'zod';
import type { Endpoint } from '@/lib/contracts/endpoint';
import { errorBody } from '@/lib/contracts/json';
import { MAX_JSON_BYTES } from '@/lib/http/route';
import { ENDPOINT_NOTES, type EndpointNotes } from './notes';
import { ERROR_REF } from './resolve';
import type {
  Access,
  HttpMethod,
  JsonSchema,
  OpenApiDocument,
  Operation,
  Parameter,
  ResponseObject,
} from './types';

// The OpenAPI 3.1 document of the API, made from the contracts (lib/contracts) the routes parse
// and reply with. Every schema is the wire side of its zod schema (`io: 'input'`): a request is
// what a caller sends, and a response is what the server's encode through the same schema puts
// on the wire (codecs: isoInstant → string date-time, rowId → decimal string). Nothing here reads
// the clock or the environment, so the same contracts give the same document, byte for byte.

export const JSON_SCHEMA_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'next-auth.session-token',
    description:
      'The browser session of a signed-in user (`__Secure-next-auth.session-token` over HTTPS); its role (viewer < operator < admin) is read from the database on every request. A state-changing request authenticated by it must come from the app’s own origin (`Sec-Fetch-Site` / `Origin`), else 403 `_err: "csrf"`.',
  },
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token made on the Admin page, `Authorization: Bearer <secret>`. Its scopes stand in for roles: `read` for viewer endpoints, `operate` for operator endpoints, `score` for scoring; never for admin endpoints.',
  },
  internalToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Internal-API-Token',
    description:
      'The deployment’s shared secret (`INTERNAL_API_TOKEN`); acts as an operator. Refused when the deployment sets none.',
  },
} as const;

/** Who may call an endpoint, as OpenAPI security requirements (any one of them suffices). */
export function securityOf(
  endpoint: Pick<Endpoint, 'access' | 'scope'>,
): Record<string, string[]>[] {
  const access = endpoint.access;
  if (access === 'public') return [];
  if (access === 'admin') return [{ sessionCookie: ['admin'] }];
  return [
    { sessionCookie: [access] },
    { bearerToken: [tokenScopeOf(endpoint)!] },
    { internalToken: [] },
  ];
}

/** The API-token scope that stands in for the endpoint's role (lib/http/guard.ts). */
export function tokenScopeOf(endpoint: Pick<Endpoint, 'access' | 'scope'>) {
  if (endpoint.access === 'public' || endpoint.access === 'admin') return undefined;
  return endpoint.scope ?? (endpoint.access === 'viewer' ? 'read' : 'operate');
}

const WHO: Record<Access, (scope?: string) => string> = {
  public: () => 'Public: no credentials needed.',
  viewer: (scope) =>
    `Viewer: any signed-in user, an API token with the \`${scope}\` scope, or the internal token.`,
  operator: (scope) =>
    `Operator: a signed-in operator or admin, an API token with the \`${scope}\` scope, or the internal token.`,
  admin: () => 'Admin: a signed-in admin only (no API token or internal token).',
};

/** Refusals every endpoint of a kind can answer, beside those its notes add. */
function refusalsOf(endpoint: Endpoint, notes: EndpointNotes, maxBodyBytes: number) {
  const refusals: Record<number, { description: string; body?: 'refusal' | 'response' }> = {};
  const hasBody = Boolean(endpoint.body || notes.rawBody);
  if (endpoint.params || endpoint.query || hasBody || notes.headers)
    refusals[400] = {
      description:
        'Bad input: `_err` names the field (`feature.h`, `limit`, `body` for JSON that does not parse) and `message` says what is wrong. Nothing is stored.',
    };
  if (endpoint.access !== 'public') {
    refusals[401] = {
      description: 'No valid credentials: no session, an unknown or revoked token (`_err: "auth"`)',
    };
    refusals[403] = {
      description:
        endpoint.method === 'GET'
          ? 'Signed in but below the role, or an API token without the scope (`_err: "auth"`)'
          : 'Below the role, an API token without the scope (`_err: "auth"`), or a session request from another origin (`_err: "csrf"`)',
    };
  }
  if (hasBody)
    refusals[413] = {
      description: `The body is larger than ${maxBodyBytes.toLocaleString('en-US')} bytes (counted while it streams in; nothing is parsed)`,
    };
  return { ...refusals, ...notes.refusals };
}

/** The JSON Schema of a zod schema's wire side, without the `$schema` keyword. */
export function wireSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return json;
}

/** One parameter per property of an object schema (path parameters, query parameters). */
function parametersOf(
  schema: z.ZodType,
  where: 'path' | 'query',
  optionalNote?: string,
): Parameter[] {
  const json = wireSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const isRequired = where === 'path' || (required.has(name) && !optionalNote);
    const text = [description, required.has(name) && optionalNote ? optionalNote : undefined]
      .filter(Boolean)
      .join('. ');
    return {
      name,
      in: where,
      required: isRequired,
      ...(text ? { description: text } : {}),
      schema: rest,
    };
  });
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function operationOf(feature: string, key: string, endpoint: Endpoint): Operation {
  const notes = ENDPOINT_NOTES[`${endpoint.method} ${endpoint.path}`] ?? {};
  const maxBodyBytes = notes.maxBodyBytes ?? MAX_JSON_BYTES;
  const scope = tokenScopeOf(endpoint);
  const parameters = [
    ...(endpoint.params ? parametersOf(endpoint.params, 'path') : []),
    ...(endpoint.query ? parametersOf(endpoint.query, 'query', notes.queryOptional) : []),
    ...(notes.headers ?? []).map((h) => ({ ...h, in: 'header' as const, required: false })),
  ];

  const responses: Record<string, ResponseObject> = {};
  const success = endpoint.status ?? 200;
  responses[String(success)] = endpoint.response
    ? {
        description: 'Success',
        content: { 'application/json': { schema: wireSchema(endpoint.response) } },
      }
    : {
        description: 'Success',
        content: { [notes.responseMediaType ?? 'text/plain']: { schema: { type: 'string' } } },
      };
  for (const [status, description] of Object.entries(notes.bodiless ?? {}))
    responses[status] = { description };
  for (const [status, refusal] of Object.entries(refusalsOf(endpoint, notes, maxBodyBytes))) {
    const schema =
      refusal.body === 'response' && endpoint.response
        ? wireSchema(endpoint.response)
        : refusal.body === 'refusal' && endpoint.refusal
          ? wireSchema(endpoint.refusal)
          : { $ref: ERROR_REF };
    responses[status] = {
      description: refusal.description,
      content: { 'application/json': { schema } },
    };
  }

  const bodyNote = endpoint.body || notes.rawBody ? ` Body up to ${kib(maxBodyBytes)}.` : '';
  return {
    operationId: `${feature}.${key}`,
    tags: [feature],
    summary: endpoint.summary,
    description: `${WHO[endpoint.access](scope)}${bodyNote}`,
    security: securityOf(endpoint),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: wireSchema(endpoint.body) } },
          },
        }
      : notes.rawBody
        ? {
            requestBody: {
              required: true,
              description: notes.rawBody.description,
              content: notes.rawBody.content(endpoint.query ? wireSchema(endpoint.query) : {}),
            },
          }
        : {}),
    responses,
    'x-access': endpoint.access,
    ...(scope ? { 'x-token-scope': scope } : {}),
  };
}

const kib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;

const METHOD_ORDER: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** What each feature of the API is about (a feature not named here gets a plain line). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  admin: 'Users and API tokens (admin)',
  audit: 'The append-only audit log',
  automation: 'The prediction loop: desired state, leader, cycles, job queues',
  calibration: 'Reliability per horizon and confidence bucket, and the calibration maps',
  drift: 'Feature drift of the last 7 days against a reference',
  market: 'Instruments, candles, features and CSV imports',
  modelMetrics: 'Hit rate, IR, Brier and ECE per model, horizon, bucket and window, with baselines',
  openapi: 'This document',
  predictions: 'The predictions explorer and its CSV',
  rollout: 'The rollout stage of scoring',
  score: 'Scoring candles with the fusion model',
  signalParts: 'Which of rsi / macd / trend carries the wins',
  slo: 'SLO gates, trigger rules, burn rates, breaches and the live pause',
  system: 'Health, versions, determinism and the Prometheus exposition',
};

export interface DocumentOptions {
  version: string;
}

/**
 * The document of every endpoint of `api` (features → endpoints, as lib/contracts/index.ts
 * lists them): paths sorted, methods GET, POST, DELETE, tags in the features' order.
 */
export function buildOpenApiDocument(
  api: Record<string, Record<string, Endpoint>>,
  options: DocumentOptions,
): OpenApiDocument {
  const byPath = new Map<string, Partial<Record<HttpMethod, Operation>>>();
  for (const [feature, endpoints] of Object.entries(api)) {
    for (const [key, endpoint] of Object.entries(endpoints)) {
      const path = openApiPath(endpoint.path);
      const method = endpoint.method.toLowerCase() as HttpMethod;
      const operations = byPath.get(path) ?? {};
      if (operations[method])
        throw new Error(`${endpoint.method} ${endpoint.path} is declared twice`);
      operations[method] = operationOf(feature, key, endpoint);
      byPath.set(path, operations);
    }
  }
  const paths: OpenApiDocument['paths'] = {};
  for (const path of [...byPath.keys()].sort()) {
    const operations = byPath.get(path)!;
    paths[path] = Object.fromEntries(
      METHOD_ORDER.filter((m) => operations[m]).map((m) => [m, operations[m]]),
    );
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Fusion Ops API',
      version: options.version,
      description:
        'The operations API of the fusion trading-signal model. Every instant is ISO-8601 UTC, every id a decimal string. A refused request answers `{_err, message}`: `_err` names the field or part that was wrong. Lists are GET with `limit` (1–500), `cursor` (the previous page’s `nextCursor`) and `since`, answering `{items, nextCursor}` newest first.',
    },
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    servers: [{ url: '/', description: 'This deployment' }],
    tags: Object.keys(api).map((name) => ({
      name,
      description: TAG_DESCRIPTIONS[name] ?? `The ${name} endpoints`,
    })),
    paths,
    components: {
      schemas: { Error: wireSchema(errorBody) },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
