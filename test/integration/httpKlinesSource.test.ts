import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpKlinesSource } from '@/lib/market/sources/httpKlinesSource';
import type { CandleSource } from '@/lib/market/sources/source';

// A local stand-in for Binance's GET /api/v3/klines, so the adapter is tested against real
// HTTP (status codes, slow bodies, broken JSON) without a network.

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const COUNT = 300;
// Half-way through the last kline: rows 0–298 are closed, row 299 is still forming.
const NOW = new Date(T0 + (COUNT - 1) * MIN + 30_000);

type Row = [number, string, string, string, string, string, number, string, number];

const fixture: Row[] = (() => {
  const rows: Row[] = [];
  let open = 100;
  for (let i = 0; i < COUNT; i++) {
    const close = 100 + 10 * Math.sin(i / 10) + (i % 7) * 0.05;
    const high = Math.max(open, close) + 0.25 + (i % 3) * 0.1;
    const low = Math.min(open, close) - 0.25 - (i % 5) * 0.1;
    const openTime = T0 + i * MIN;
    const volume = (1000 + 37 * i).toFixed(3);
    const f = (x: number) => x.toFixed(4);
    rows.push([openTime, f(open), f(high), f(low), f(close), volume, openTime + MIN - 1, '0', 10]);
    open = Number(f(close));
  }
  return rows;
})();

const expected = (i: number) => ({
  ts: new Date(fixture[i][0]),
  o: Number(fixture[i][1]),
  h: Number(fixture[i][2]),
  l: Number(fixture[i][3]),
  c: Number(fixture[i][4]),
  v: Number(fixture[i][5]),
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => expected(from + k));

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

/** Binance's paging rules: openTime >= startTime, oldest first; no startTime = newest page. */
function page(url: URL): { status: number; rows?: Row[]; error?: string } {
  if (url.searchParams.get('interval') !== '1m') return { status: 400, error: 'Invalid interval.' };
  const limit = Number(url.searchParams.get('limit') ?? 500);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return { status: 400, error: 'Illegal characters found in parameter limit.' };
  }
  const start = url.searchParams.get('startTime');
  if (start === null) return { status: 200, rows: fixture.slice(-limit) };
  return {
    status: 200,
    rows: fixture.filter((row) => row[0] >= Number(start)).slice(0, limit),
  };
}

const requests: URL[] = [];
let server: http.Server;
let baseUrl: string;
let source: CandleSource;

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://fixture');
  requests.push(url);
  if (url.pathname !== '/api/v3/klines') return send(res, 404, '{"msg":"not found"}');
  const symbol = url.searchParams.get('symbol');
  const result = page(url);
  if (result.status !== 200) {
    return send(res, result.status, JSON.stringify({ code: -1100, msg: result.error }));
  }
  const body = JSON.stringify(result.rows);
  switch (symbol) {
    case 'ERR500':
      return send(res, 500, '{"code":-1000,"msg":"An unknown error occurred."}');
    case 'SLOW':
      setTimeout(() => res.destroyed || send(res, 200, body), 2000);
      return;
    case 'SLOWBODY':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, 10));
      setTimeout(() => res.destroyed || res.end(body.slice(10)), 2000);
      return;
    case 'BADJSON':
      return send(res, 200, body.slice(0, -5));
    case 'OBJECT':
      return send(res, 200, '{"code":-1121,"msg":"Invalid symbol."}');
    case 'BADROW': {
      const rows = structuredClone(result.rows ?? []);
      rows[3][2] = (Number(rows[3][3]) - 1).toFixed(4); // high below low
      return send(res, 200, JSON.stringify(rows));
    }
    default:
      return send(res, 200, body);
  }
}

beforeAll(async () => {
  server = http.createServer(handle);
  // Port 0: the OS assigns a free port at bind time, so no other process can race for it.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  source = createHttpKlinesSource({ baseUrl, timeoutMs: 1000 });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

describe('http klines source', () => {
  it('fetches the most recent closed candles when since is null', async () => {
    const candles = await source.fetchSince('BTCUSDT', '1m', null, NOW, 100);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      symbol: 'BTCUSDT',
      interval: '1m',
      limit: '100',
    });
    // The server's newest 100 rows, minus the one still forming.
    expect(candles).toEqual(range(200, 299));
    expect(source.kind).toBe('http');
  });

  it('fetches the candles strictly after since', async () => {
    const since = new Date(T0 + 49 * MIN);
    const candles = await source.fetchSince('BTCUSDT', '1m', since, NOW, 20);
    expect(requests[0].searchParams.get('startTime')).toBe(String(since.getTime() + 1));
    expect(candles).toEqual(range(50, 70));
  });

  it('pages through the whole history by calling again with the last ts', async () => {
    const all: Awaited<ReturnType<CandleSource['fetchSince']>> = [];
    let since = new Date(T0 - 1);
    for (let calls = 0; calls < 10; calls++) {
      const candles = await source.fetchSince('BTCUSDT', '1m', since, NOW, 128);
      if (candles.length === 0) break;
      all.push(...candles);
      since = candles[candles.length - 1].ts;
    }
    expect(requests).toHaveLength(4);
    expect(all).toEqual(range(0, COUNT - 1));
  });

  it('asks for at most 1000 rows, the Binance page size', async () => {
    const candles = await source.fetchSince('BTCUSDT', '1m', new Date(T0 - 1), NOW, 5000);
    expect(requests[0].searchParams.get('limit')).toBe('1000');
    expect(candles).toHaveLength(COUNT - 1);
  });

  it('keeps a candle only once its close time has passed', async () => {
    const lastClose = fixture[COUNT - 1][6];
    const open = await source.fetchSince('BTCUSDT', '1m', null, new Date(lastClose), 2);
    expect(open).toEqual([expected(COUNT - 2)]);
    const closed = await source.fetchSince('BTCUSDT', '1m', null, new Date(lastClose + 1), 2);
    expect(closed).toEqual(range(COUNT - 2, COUNT));
  });

  it('rejects the whole page when one row is invalid, naming the row', async () => {
    await expect(source.fetchSince('BADROW', '1m', null, NOW, 10)).rejects.toThrow(
      /klines row 3: high [\d.]+ is below low [\d.]+/,
    );
  });

  it('reports an HTTP error with its status and body', async () => {
    await expect(source.fetchSince('ERR500', '1m', null, NOW, 10)).rejects.toThrow(
      /HTTP 500.*An unknown error occurred/,
    );
    await expect(source.fetchSince('BTCUSDT', '4h', null, NOW, 10)).rejects.toThrow(
      /HTTP 400.*Invalid interval/,
    );
  });

  it('times out on a slow response and on a body that stalls', async () => {
    const quick = createHttpKlinesSource({ baseUrl, timeoutMs: 200 });
    const started = performance.now();
    await expect(quick.fetchSince('SLOW', '1m', null, NOW, 10)).rejects.toThrow(
      /timed out after 200 ms/,
    );
    await expect(quick.fetchSince('SLOWBODY', '1m', null, NOW, 10)).rejects.toThrow(
      /timed out after 200 ms/,
    );
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('rejects a body that is not JSON or not an array', async () => {
    await expect(source.fetchSince('BADJSON', '1m', null, NOW, 10)).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(source.fetchSince('OBJECT', '1m', null, NOW, 10)).rejects.toThrow(
      /not an array.*Invalid symbol/,
    );
  });

  it('reports a server that cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = createHttpKlinesSource({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(gone.fetchSince('BTCUSDT', '1m', null, NOW, 10)).rejects.toThrow(
      /klines request failed: GET http:\/\/127\.0\.0\.1/,
    );
  });
});
