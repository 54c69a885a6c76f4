import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { readLimited } from './bodyLimit';
import { errorResponse, fromZodError, HttpError } from './errors';
import { withRequestLog } from './requestLog';

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps a route handler so every thrown HttpError or ZodError becomes a 4xx with `_err`, and the
 * request is logged under its own id. Its answers are for the caller who asked: no shared or
 * browser cache keeps them (`no-store`, unless the handler chose otherwise).
 */
export function route<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (request, context) =>
    withRequestLog(request, async () => {
      let response: Response;
      try {
        response = await handler(request, context);
      } catch (error) {
        response = errorResponse(error);
      }
      if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
      return response;
    });
}

export const MAX_JSON_BYTES = 16 * 1024;

/** Reads and validates a JSON body, refusing oversized or malformed bodies before parsing. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = MAX_JSON_BYTES,
): Promise<z.infer<S>> {
  const text = await readText(request, maxBytes);
  let parsed: unknown;
  try {
    parsed = text.length ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'body', 'body is not valid JSON');
  }
  return parseWith(schema, parsed);
}

/** The body as text, counted while it streams in (whatever the transfer encoding). */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readLimited(request, maxBytes));
}

/** Validates any value with a schema, turning a failure into a 400 naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

export const searchParams = <S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> =>
  parseWith(schema, Object.fromEntries(request.nextUrl.searchParams));
