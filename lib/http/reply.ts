import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { Endpoint } from '@/lib/contracts/endpoint';

type Replied<E extends Endpoint> = E['response'] extends z.ZodType
  ? z.output<E['response']>
  : never;

/**
 * The one way a route answers JSON: the value (Dates, bigint ids as the server holds them) is
 * encoded through the endpoint's response schema, so the wire format is the contract's
 * (ISO instants, decimal ids, no field it does not declare). A value that does not fit is our
 * bug: a 500, never a 4xx blamed on the caller.
 */
export function reply<E extends Endpoint>(
  endpoint: E,
  value: Replied<E>,
  init?: ResponseInit,
): NextResponse {
  const schema = endpoint.response as z.ZodType;
  const encoded = z.safeEncode(schema, value);
  if (!encoded.success) {
    throw new Error(
      `${endpoint.method} ${endpoint.path}: the reply does not match its contract: ${z.prettifyError(encoded.error)}`,
    );
  }
  return NextResponse.json(encoded.data, { status: endpoint.status, ...init });
}
