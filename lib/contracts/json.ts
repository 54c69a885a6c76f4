import { z } from 'zod';
import { bigintId, idText, instant } from '@/lib/validations/common';

// The wire types every contract is built from. A response schema's output side is what the
// server holds (Date, bigint); its input side is the JSON on the wire (ISO strings, decimal
// strings). The server encodes through the schema (lib/http/reply.ts); clients and tests read
// z.input of the same schema, so both ends are checked against one declaration.

/** A bigint row id, a decimal string on the wire. */
export const rowId = z.codec(bigintId('a decimal row id'), z.bigint(), {
  decode: (text) => BigInt(text),
  encode: idText,
});

/** An instant, an ISO-8601 UTC string on the wire ("2026-11-24T06:07:08.000Z"). */
export const isoInstant = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/**
 * An instant in a query string, read by the one date parser (`instant`); declared as text first
 * so the API document can say what the wire carries.
 */
export const queryInstant = z
  .string()
  .meta({ description: 'an ISO-8601 date or time, e.g. 2026-11-24 or 2026-11-24T06:00:00Z' })
  // instant coerces any input; here it only ever receives the query's text.
  .pipe(instant as z.ZodType<Date, string>);

/** Keyset paging of every list endpoint: GET with these query parameters. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque: the nextCursor of the previous page. */
  cursor: bigintId('the nextCursor of a previous page').optional(),
  /** Only items at or after this instant (the one date parser of every list). */
  since: queryInstant.optional(),
});

/** Every list answers `{items, nextCursor}`; nextCursor is null on the last page. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: rowId.nullable() });

/**
 * The body of every refused request: `_err` names the field or part that was wrong. Some
 * refusals add fields (an import's bad rows, a rate limit's retryAfter): the endpoint says so.
 */
export const errorBody = z.object({ _err: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof errorBody>;

export const API_ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unprocessable',
  'rate_limited',
  'server_error',
  'unavailable',
  'network',
] as const;
/** What went wrong, beside the HTTP status: what a client branches on. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The code of an HTTP status; 0 is a request that never got an answer. */
export const errorCodeOf = (status: number): ApiErrorCode =>
  status === 0
    ? 'network'
    : (BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'bad_request'));
