import { randomUUID } from 'node:crypto';
import { currentLogContext, withLogContext } from '@/lib/logging/context';
import { logger } from '@/lib/logging/logger';

const log = logger('http');

/**
 * Handles a request under its own id: every line logged while handling it carries `reqId`, one
 * access line closes it (method, path without the query, status, ms: never headers or bodies),
 * and the response names it in `x-request-id`, so a caller's report leads to the lines.
 */
export function withRequestLog(
  request: Request,
  handle: () => Promise<Response>,
): Promise<Response> {
  const reqId = randomUUID();
  const started = performance.now();
  return withLogContext({ reqId }, async () => {
    const response = await handle();
    const line = {
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (response.status >= 500) log.error(line, 'request');
    else log.info(line, 'request');
    try {
      response.headers.set('x-request-id', reqId);
    } catch {
      // a response with immutable headers (a redirect) goes out without it
    }
    return response;
  });
}

/** The id of the request being handled, if any (a score's requestId is the same one). */
export const currentRequestId = (): string | undefined => currentLogContext().reqId;
