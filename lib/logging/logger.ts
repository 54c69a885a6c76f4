import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { instanceId } from '@/lib/runtime/instance';
import { currentLogContext } from './context';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, at the top level or one object down (pino's
 * redaction): nothing we log should carry them, this catches the day something does.
 */
const SECRET_KEYS = ['password', 'secret', 'token', 'authorization', 'cookie', 'csrfToken'];

/**
 * The deployment's own secrets, as they would appear in a line: a library's error message or
 * a stack quoted into a line is not ours to redact by key, so these values are cut by value.
 */
export function knownSecrets(env: Record<string, string | undefined> = process.env): string[] {
  const values = [env.INTERNAL_API_TOKEN, env.NEXTAUTH_SECRET];
  if (env.DATABASE_URL) {
    try {
      const password = new URL(env.DATABASE_URL).password;
      values.push(password, decodeURIComponent(password));
    } catch {
      // not a URL: nothing to take from it
    }
  }
  // Short values would cut ordinary words out of lines; real secrets here are long and random.
  return [...new Set(values)].filter((v): v is string => v !== undefined && v.length >= 8);
}

/** A destination that cuts every known secret out of a line before writing it. */
export function scrubbing(secrets: readonly string[], write: (line: string) => void) {
  return {
    write(line: string) {
      for (const secret of secrets)
        if (line.includes(secret)) line = line.split(secret).join('[redacted]');
      write(line);
    },
  };
}

/**
 * JSON lines by default (what log shippers read); a terminal gets pino-pretty's form. LOG_FORMAT
 * (json | pretty) overrides the choice.
 */
function destination(): DestinationStream {
  const format = process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format !== 'json' && format !== 'pretty')
    throw new Error(`LOG_FORMAT must be json or pretty: ${format}`);
  // process.stdout writes synchronously to files, pipes and terminals on POSIX: a line written
  // just before process.exit is not lost.
  const out = (line: string) => void process.stdout.write(line);
  if (format === 'json') return scrubbing(knownSecrets(), out);
  const prettify = prettyFactory({
    colorize: process.stdout.isTTY ?? false,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o',
    singleLine: true,
  });
  return scrubbing(knownSecrets(), (line) => out(prettify(line)));
}

function createLogger(): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { instance: instanceId() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request, cycle or job being handled (lib/logging/context.ts).
      mixin: () => ({ ...currentLogContext() }),
      redact: {
        paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
        censor: '[redacted]',
      },
    },
    destination(),
  );
}

const globalKey = Symbol.for('fusion-ops.logger');

/** The process's logger, or a child whose lines name the part of the product that wrote them. */
export function logger(component?: string): Logger {
  const holder = globalThis as typeof globalThis & { [globalKey]?: Logger };
  const root = (holder[globalKey] ??= createLogger());
  return component ? root.child({ component }) : root;
}
