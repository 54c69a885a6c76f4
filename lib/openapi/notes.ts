import { MAX_BATCH_BYTES, TRAFFIC_ORIGIN_HEADER } from '@/lib/contracts/score';
import { MAX_JSON_BYTES } from '@/lib/http/route';
import type { JsonSchema } from './types';

// What a route does beyond its contract's zod schemas, for the API document: the refusals
// particular to it, bodies and answers that are not JSON, request headers it reads. Keyed by
// `METHOD /api/path` as the contract spells it; lib/openapi/notes.test.ts reads every route
// file and fails when a status it answers is not described here or derived (document.ts).

export interface Refusal {
  description: string;
  /** The body of this refusal: the endpoint's refusal schema, or its success response's. */
  body?: 'refusal' | 'response';
}

export interface EndpointNotes {
  refusals?: Record<number, Refusal>;
  /** Answers other than success and refusals, without a body: status → description. */
  bodiless?: Record<number, string>;
  /** The largest body accepted (counted while it streams in); default MAX_JSON_BYTES. */
  maxBodyBytes?: number;
  /** A request body that is not one JSON object: media type → schema. */
  rawBody?: {
    description: string;
    /** Given the JSON Schema of the endpoint's query (whose fields a form may carry). */
    content: (query: JsonSchema) => Record<string, { schema: JsonSchema }>;
  };
  /** The query's fields travel in the body for some media types, so none is required there. */
  queryOptional?: string;
  /** A success answer that is not JSON. */
  responseMediaType?: string;
  headers?: { name: string; description: string; schema: JsonSchema }[];
}

const NO_MODEL = { description: 'No model version of that name' };
const CSV_BYTES = 20 * 1024 * 1024;
const UNKNOWN_QUEUE = { description: "No queue of that name (the app's queues and their DLQs)" };
const QUEUE_JOB_ACTION = {
  404: { description: 'No queue of that name, or no job of that id in it' },
  409: { description: 'The job is not in a state for this (a failed or dead job only)' },
};

const scoreNotes = (maxBodyBytes: number): EndpointNotes => ({
  maxBodyBytes,
  refusals: {
    429: {
      description: 'Too many score requests: `retryAfter` says in how many seconds to try again',
      body: 'refusal',
    },
    503: { description: 'No active model version (and none named with modelId)' },
  },
  headers: [
    {
      name: 'x-test-guardrails',
      description:
        'Guardrail rehearsal, e.g. `p95=1600,err=0.03`: overrides the observed SLO values for this one request (operators and the internal token only; 403 for API tokens)',
      schema: { type: 'string', maxLength: 200 },
    },
    {
      name: TRAFFIC_ORIGIN_HEADER,
      description: 'Marks the request as certification or rollout-probe traffic in its audit entry',
      schema: { type: 'string', enum: ['certification', 'rollout-probe'] },
    },
  ],
});

export const ENDPOINT_NOTES: Record<string, EndpointNotes> = {
  'GET /api/openapi.json': {
    bodiless: { 304: 'Not modified: the If-None-Match header names this document’s ETag' },
  },
  'GET /api/healthz': {
    refusals: { 503: { description: 'The database is unreachable', body: 'response' } },
  },
  'GET /api/ml/test/determinism': {
    refusals: { 500: { description: 'A golden case differs', body: 'response' } },
  },
  'GET /api/metrics': { responseMediaType: 'text/plain; version=0.0.4; charset=utf-8' },
  'GET /api/predictions.csv': { responseMediaType: 'text/csv; charset=utf-8' },
  'GET /api/reports/slo-daily/:date': {
    refusals: { 404: { description: 'No SLO report of that day has been built' } },
  },
  'GET /api/reports/slo-daily.csv': {
    responseMediaType: 'text/csv; charset=utf-8',
    refusals: { 404: { description: 'No SLO report of that day has been built' } },
  },
  'GET /api/reports/weekly.csv': { responseMediaType: 'text/csv; charset=utf-8' },
  'GET /api/model-metrics': { refusals: { 404: NO_MODEL } },
  'GET /api/model-metrics/trend': { refusals: { 404: NO_MODEL } },
  'GET /api/signal-parts': { refusals: { 404: NO_MODEL } },
  'GET /api/paper-vs-live': { refusals: { 404: NO_MODEL } },
  'GET /api/calibration': {
    refusals: { 404: { description: 'No model version of that name, or none is active' } },
  },
  'GET /api/drift': { refusals: { 404: { description: 'No instrument of that symbol' } } },
  'POST /api/breaches/:id/ack': { refusals: { 404: { description: 'No breach of that id' } } },
  'POST /api/webhooks': {
    refusals: { 409: { description: 'At most 100 subscriptions: delete one first' } },
  },
  'PATCH /api/webhooks/:id': { refusals: { 404: { description: 'No subscription of that id' } } },
  'DELETE /api/webhooks/:id': { refusals: { 404: { description: 'No subscription of that id' } } },
  'POST /api/webhooks/:id/test': {
    refusals: { 404: { description: 'No subscription of that id' } },
  },
  'GET /api/webhooks/:id/deliveries': {
    refusals: { 404: { description: 'No subscription of that id' } },
  },
  'DELETE /api/admin/tokens/:id': { refusals: { 404: { description: 'No API token of that id' } } },
  'POST /api/admin/users': {
    refusals: { 409: { description: 'A user with that email exists' } },
  },
  'PATCH /api/admin/users/:id': {
    refusals: {
      404: { description: 'No user of that id' },
      409: { description: 'The last active admin, or yourself, cannot be disabled or demoted' },
    },
  },
  'POST /api/admin/users/:id/reset-password': {
    refusals: { 404: { description: 'No user of that id' } },
  },
  'POST /api/me/tokens': {
    refusals: { 409: { description: 'You already hold the most active tokens allowed' } },
  },
  'DELETE /api/me/tokens/:id': {
    refusals: { 404: { description: 'None of your tokens has that id' } },
  },
  'POST /api/instruments': {
    refusals: { 409: { description: 'An instrument of that symbol exists' } },
  },
  'PATCH /api/instruments/:symbol': {
    refusals: { 404: { description: 'No instrument of that symbol' } },
  },
  'GET /api/instruments/:symbol': {
    refusals: { 404: { description: 'No instrument of that symbol' } },
  },
  'GET /api/archives/:id/download': {
    responseMediaType: 'application/zip',
    refusals: {
      404: { description: 'No archive of that id' },
      409: { description: 'The archive is not built yet' },
    },
  },
  'GET /api/breaches/:id/evidence': {
    responseMediaType: 'application/zip',
    refusals: {
      404: { description: 'No breach of that id, or no evidence bundle for it' },
      409: { description: 'The evidence bundle is not built yet' },
    },
  },
  'GET /api/queues/:name/jobs': { refusals: { 404: UNKNOWN_QUEUE } },
  'GET /api/queues/:name/jobs/:id': {
    refusals: { 404: { description: 'No queue of that name, or no job of that id in it' } },
  },
  'POST /api/queues/:name/jobs/:id/retry': { refusals: QUEUE_JOB_ACTION },
  'DELETE /api/queues/:name/jobs/:id': { refusals: QUEUE_JOB_ACTION },
  'POST /api/queues/:name/retry-all': {
    refusals: {
      404: UNKNOWN_QUEUE,
      409: { description: 'Only a dead-letter queue can be retried whole' },
    },
  },
  'POST /api/models/candidates': {
    refusals: {
      409: {
        description:
          'Not enough matured pairs of the active model in the window (`_err: "pairs"`, with `n`), or no active model (`_err: "model"`); nothing is created',
        body: 'refusal',
      },
    },
  },
  'POST /api/rollout': {
    refusals: {
      409: {
        description:
          'A live stage is refused while a live pause waits for acknowledgement, or while the no-skill gate holds the model at preview (an admin may send `override: true`)',
      },
    },
  },
  'GET /api/models/compare': {
    refusals: {
      404: NO_MODEL,
      409: { description: 'No active model to compare with, or the candidate is the active model' },
    },
  },
  'GET /api/models/:id/promotion': {
    refusals: {
      404: NO_MODEL,
      409: { description: 'No active model, or the version is not a candidate' },
    },
  },
  'POST /api/models/:id/promote': {
    refusals: {
      404: NO_MODEL,
      409: {
        description:
          'The candidate has too few matured shadow outcomes or is worse than the active model (`unmet` lists each condition; an admin may send `override: true`), or it is not a candidate',
        body: 'refusal',
      },
    },
  },
  'GET /api/models/:id/shadow-backfill': { refusals: { 404: NO_MODEL } },
  'POST /api/models/:id/shadow-backfill': {
    refusals: {
      404: NO_MODEL,
      409: { description: 'The version is not a candidate' },
    },
  },
  'POST /api/candles/import': {
    maxBodyBytes: CSV_BYTES,
    queryOptional:
      'Required with a text/csv body; a multipart upload sends it as a form field instead',
    rawBody: {
      description:
        'The CSV (columns `ts|date, open, high, low, close, volume`, optional `tf`): as the body itself (text/csv, with symbol, tf, tz and name in the query), or as the field `file` of a multipart form with the same names as fields',
      content: (query) => ({
        'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } },
        'multipart/form-data': {
          schema: {
            ...query,
            required: ['file', ...((query.required as string[] | undefined) ?? [])],
            properties: {
              file: { type: 'string', contentMediaType: 'text/csv', description: 'the CSV file' },
              ...(query.properties as Record<string, JsonSchema>),
            },
          },
        },
      }),
    },
    refusals: {
      422: {
        description: 'The CSV has bad rows: every one is named with its line; nothing is stored',
        body: 'refusal',
      },
    },
  },
  'POST /api/ml/score': scoreNotes(MAX_JSON_BYTES),
  'POST /api/ml/score/batch': scoreNotes(MAX_BATCH_BYTES),
};
