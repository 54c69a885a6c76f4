import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { errorResponse, fromZodError, HttpError } from './errors';
import { withRequestLog } from './requestLog';

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

/**
 * Wraps a route handler so every thrown HttpError or ZodError becomes a 4xx with `_err`, and the
 * request is logged under its own id.
 */
export function route<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (request, context) =>
    withRequestLog(request, async () => {
      try {
        return await handler(request, context);
      } catch (error) {
        return errorResponse(error);
      }
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

export async function readText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
  return new TextDecoder().decode(buffer);
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'body', `body is larger than ${maxBytes} bytes`);

/** Validates any value with a schema, turning a failure into a 400 naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

export const searchParams = <S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> =>
  parseWith(schema, Object.fromEntries(request.nextUrl.searchParams));
