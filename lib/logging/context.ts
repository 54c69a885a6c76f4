import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line is about: the request, cycle or job being handled when it was written. */
export interface LogContext {
  reqId?: string;
  /** The cycle's slot (ISO 8601): a cycle is identified by its slot. */
  cycle?: string;
  job?: string;
  jobId?: string;
}

// One store per process, however many times bundlers copy this module (see lib/runtime/instance).
const globalKey = Symbol.for('fusion-ops.log-context');

function storage(): AsyncLocalStorage<LogContext> {
  const holder = globalThis as typeof globalThis & { [globalKey]?: AsyncLocalStorage<LogContext> };
  return (holder[globalKey] ??= new AsyncLocalStorage<LogContext>());
}

/** Runs `fn` with `context` added to every log line written during it, awaited work included. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage().run({ ...storage().getStore(), ...context }, fn);
}

export const currentLogContext = (): LogContext => storage().getStore() ?? {};
