// Runs before `npm start` and `npm test` in plain JavaScript, so that an unsupported Node fails
// with one clear line instead of a stack trace from deep inside Next.js, Prisma or pg-boss.
// npm scripts normally run on the Node pinned in optionalDependencies (node_modules/.bin/node);
// this catches platforms the registry has no pinned binary for and a Node managed by hand.
import { readFileSync } from 'node:fs';
import { unsupportedNodeMessage } from '../lib/runtime/nodeVersion.mjs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const message = unsupportedNodeMessage(process.versions.node, engines.node);
if (message) {
  console.error(message);
  process.exit(1);
}
