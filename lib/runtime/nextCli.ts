import path from 'node:path';

/**
 * The command and arguments that run the Next.js CLI on the Node running this process (the
 * project's pinned one), rather than whichever `node` the shell's PATH finds first.
 */
export function nextCli(...args: string[]): [string, string[]] {
  return [process.execPath, [path.resolve('node_modules/next/dist/bin/next'), ...args]];
}

/** The production server (scripts/server.mjs: `next start` that knows each request's peer). */
export function appServerCli(port: string, hostname?: string): [string, string[]] {
  return [
    process.execPath,
    [path.resolve('scripts/server.mjs'), port, ...(hostname ? [hostname] : [])],
  ];
}
