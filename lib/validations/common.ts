import { z } from 'zod';

// Every instant or id a client sends must fit the column it is compared with: a date outside
// PostgreSQL's timestamp range or an id above bigint's maximum would otherwise reach the
// database and fail there as a 500. The product's range is four-digit years.
export const EARLIEST_INSTANT = new Date('1000-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');
const RANGE = 'between years 1000 and 9999';

const inRange = (d: Date) =>
  !Number.isNaN(d.getTime()) && d >= EARLIEST_INSTANT && d <= LATEST_INSTANT;

/** An ISO-8601 date or time in a query string or body (one parser for every list and range). */
export const instant = z.coerce
  .date({ error: 'an ISO-8601 date or time' })
  .refine(inRange, `an ISO-8601 date or time ${RANGE}`);

/** A strict ISO-8601 time with offset, or epoch milliseconds, as a JSON body field. */
export const instantStrict = z
  .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
  .transform((v) => new Date(v))
  .refine(inRange, `an ISO-8601 time with offset or epoch milliseconds ${RANGE}`);

const BIGINT_MAX = 9_223_372_036_854_775_807n;
const DECIMAL_ID = /^[0-9]{1,19}$/;

/** The one way a bigint row id becomes text: in replies, cursors and audit details. */
export const idText = (id: bigint): string => id.toString();

/** A positive bigint row id (or a keyset cursor made of one) as a decimal string. */
// One refinement, not a regex then a refinement: zod runs every check even after one failed,
// and BigInt() of a non-numeric string throws (a 500, not the 400 naming the field).
// The pattern is metadata for the API document only (the refinement is what checks).
export const bigintId = (what: string) =>
  z
    .string()
    .refine((s) => DECIMAL_ID.test(s) && BigInt(s) <= BIGINT_MAX, what)
    .meta({ description: what, pattern: DECIMAL_ID.source });
