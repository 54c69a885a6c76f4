import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FaultProxy {
  url: string;
  stop(): Promise<void>;
}

// Hop-by-hop and framing headers: the proxy re-frames the (already decoded) body itself.
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
]);

/**
 * A reverse proxy in front of a real app server that passes every request through and lets a
 * test alter what comes back (strip a header, rewrite a body): a deployment with one fault,
 * as a misconfigured load balancer or a broken build would present it.
 */
export async function startFaultProxy(
  target: string,
  fault: (path: string, response: ProxiedResponse) => ProxiedResponse,
): Promise<FaultProxy> {
  const server = http.createServer(async (request, response) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined && !NOT_FORWARDED.has(name))
          headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method: request.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
        redirect: 'manual',
      });
      const passed: ProxiedResponse = {
        status: upstream.status,
        headers: Object.fromEntries(
          [...upstream.headers].filter(([name]) => !NOT_FORWARDED.has(name)),
        ),
        body: await upstream.text(),
      };
      const altered = fault(new URL(request.url ?? '/', target).pathname, passed);
      response.writeHead(altered.status, altered.headers);
      response.end(altered.body);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
