import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

// Kept on globalThis: Next.js may bundle this module more than once into one server process
// (instrumentation and route handlers), and every copy must name the process the same way.
const globalKey = Symbol.for('fusion-ops.instance');

/**
 * This process's name in the deployment: INSTANCE_NAME, or host:pid:random. It names the
 * automation leader, labels the process metrics and stamps every log line, so the three agree.
 */
export function instanceId(): string {
  const holder = globalThis as typeof globalThis & { [globalKey]?: string };
  return (holder[globalKey] ??=
    process.env.INSTANCE_NAME ?? `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`);
}
