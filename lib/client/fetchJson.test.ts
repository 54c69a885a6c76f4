import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sloEndpoints } from '@/lib/contracts/slo';
import { ApiError } from './apiError';
import { fetchJson, urlOf } from './fetchJson';

describe('urlOf', () => {
  it('fills path parameters encoded and appends the query, instants as ISO', () => {
    expect(urlOf(sloEndpoints.acknowledge, { params: { id: '12/3' } })).toBe(
      '/api/breaches/12%2F3/ack',
    );
    expect(
      urlOf(sloEndpoints.breaches, {
        query: { since: new Date('2026-01-02T03:04:05Z'), rule: undefined, limit: 5 },
      }),
    ).toBe('/api/breaches?since=2026-01-02T03%3A04%3A05.000Z&limit=5');
    expect(urlOf(sloEndpoints.status)).toBe('/api/slo/status');
    expect(() => urlOf(sloEndpoints.acknowledge, {})).toThrow(/path parameter id/);
  });
});

describe('fetchJson', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const [status, body] =
        request.url === '/ok'
          ? [200, '{"ok":true}']
          : request.url === '/conflict'
            ? [409, '{"_err":"stage","message":"acknowledge breach #4 first"}']
            : [502, '<html>bad gateway</html>'];
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers the parsed JSON of a 2xx', async () => {
    expect(await fetchJson(`${base}/ok`)).toEqual({ ok: true });
  });

  it('throws one ApiError with status, code, the named field and the API message', async () => {
    const error = await fetchJson(`${base}/conflict`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      field: 'stage',
      message: 'acknowledge breach #4 first',
    });
    const gateway = await fetchJson(`${base}/other`).catch((e: unknown) => e);
    expect(gateway).toMatchObject({ status: 502, code: 'server_error', field: null });
    expect((gateway as ApiError).message).toBe('502 Bad Gateway');
  });

  it('throws a network ApiError when nothing answers', async () => {
    const error = await fetchJson('http://127.0.0.1:1/').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network' });
  });
});
