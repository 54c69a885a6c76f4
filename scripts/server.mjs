// The production HTTP server: Next.js's own request handler behind node:http, so every request
// knows the address of the socket it arrived on. A route handler cannot see it otherwise:
// `next start` hands on a client-supplied X-Forwarded-For as if it were the peer, which let a
// client pick the address its sign-in failures count against. The peer is passed to
// lib/http/clientAddress.ts in an AsyncLocalStorage (no header a client could forge), and
// TRUST_PROXY decides there whether forwarding headers count.
//
//   node scripts/server.mjs <port> [hostname]
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import next from 'next';

const [port = process.env.PORT ?? '3000', hostname] = process.argv.slice(2);
// The canary prober (lib/jobs/canary.ts) scores through this server's own address.
const loopback = !hostname || hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
process.env.CANARY_URL ??= `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;

// Shared with the bundled route code through the global registry (it has its own module copies).
const peerAddress = new AsyncLocalStorage();
globalThis[Symbol.for('fusion-ops.peer-address')] = peerAddress;

const app = next({ dev: false, hostname, port: Number(port) });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) =>
  peerAddress.run(request.socket.remoteAddress ?? 'unknown', () => handle(request, response)),
);
// Silent when listening: the log is the app's JSON lines (callers poll the port to know it is up).
server.listen(Number(port), hostname);

// As `next start` does: finish the requests in flight, close Next.js, exit with the signal's code.
let closing = false;
const close = (signal) => {
  if (closing) return;
  closing = true;
  server.close(() => {
    void app
      .close()
      .catch(console.error)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
  server.closeIdleConnections();
};
process.on('SIGINT', close);
process.on('SIGTERM', close);
