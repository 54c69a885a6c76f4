import type { LoggerInstance } from 'next-auth';
import { logger } from '@/lib/logging/logger';

const log = logger('auth');

/**
 * next-auth's messages as JSON lines like the rest. Only the code and the error go out: the
 * metadata next-auth attaches (callback parameters, provider details) stays out of the logs.
 */
export const nextAuthLogger: Partial<LoggerInstance> = {
  error: (code, metadata) =>
    log.error(
      { code, err: metadata instanceof Error ? metadata : metadata.error },
      `next-auth: ${code}`,
    ),
  warn: (code) => log.warn({ code }, `next-auth: ${code}`),
  debug: (code) => log.debug({ code }, `next-auth: ${code}`),
};
