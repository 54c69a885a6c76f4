import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { logger } from '@/lib/logging/logger';

const log = logger('http');

/** An error the caller caused: `field` names what was wrong, and becomes the `_err` of the reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly field: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const unauthorized = (message = 'sign in, or send a valid API token') =>
  new HttpError(401, 'auth', message);
export const forbidden = (message: string) => new HttpError(403, 'auth', message);
export const notFound = (field: string, message: string) => new HttpError(404, field, message);

export function fromZodError(error: ZodError): HttpError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  const message = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
  return new HttpError(400, field, message);
}

export function errorResponse(error: unknown): NextResponse {
  const http =
    error instanceof HttpError ? error : error instanceof ZodError ? fromZodError(error) : null;
  if (http) {
    return NextResponse.json(
      { _err: http.field, message: http.message, ...http.extra },
      { status: http.status },
    );
  }
  log.error({ err: error }, 'unhandled error: answered 500');
  return NextResponse.json({ _err: 'server', message: 'internal error' }, { status: 500 });
}
