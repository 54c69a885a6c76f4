import { timeframeMs, type Timeframe } from '@/lib/domain/timeframes';
import type { CandleSource, SourceCandle } from './source';

export interface HttpKlinesOptions {
  /** e.g. https://api.binance.com, or any server with a Binance-compatible /api/v3/klines. */
  baseUrl: string;
  fetchImpl?: typeof fetch;
  /** Covers the whole exchange, body included: a server that stalls mid-body is a timeout too. */
  timeoutMs?: number;
  /** The largest response body read; a longer one is an error (default 1 MiB). */
  maxBytes?: number;
}

// Redirects are followed by hand, on the same origin only: a klines URL must not send the
// server's worker to another host (SSRF through an open redirect).
const MAX_REDIRECTS = 3;

// Binance caps a klines page at 1000 rows; asking for more is an error there.
const MAX_PAGE = 1000;
const SNIPPET_CHARS = 200;
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// Binance's interval names happen to be ours; the map keeps that a decision, not an accident.
const INTERVALS: Readonly<Record<Timeframe, string>> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
};

interface Kline extends SourceCandle {
  closeTime: number;
}

const snippet = (text: string) =>
  JSON.stringify(text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text);

class RowError extends Error {}
/** The server answered something we will not read: too large, or a redirect elsewhere. */
class Refused extends Error {}

function decimal(name: string, raw: unknown): number {
  // Binance sends prices as strings to keep their decimals exact; plain numbers are accepted
  // for compatible servers, but nothing that Number() would coerce ('', '0x10', null, true).
  const value =
    typeof raw === 'string' && DECIMAL_RE.test(raw)
      ? Number(raw)
      : typeof raw === 'number'
        ? raw
        : NaN;
  if (!Number.isFinite(value)) throw new RowError(`${name} ${JSON.stringify(raw)} is not a number`);
  return value;
}

function epochMs(name: string, raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    throw new RowError(`${name} ${JSON.stringify(raw)} is not epoch milliseconds`);
  }
  return raw;
}

function parseRow(row: unknown, tfMs: number, previousOpen: number | null): Kline {
  if (!Array.isArray(row) || row.length < 7) {
    throw new RowError(
      'expected an array [openTime, open, high, low, close, volume, closeTime, …]',
    );
  }
  const openTime = epochMs('open time', row[0]);
  const o = decimal('open', row[1]);
  const h = decimal('high', row[2]);
  const l = decimal('low', row[3]);
  const c = decimal('close', row[4]);
  const v = decimal('volume', row[5]);
  const closeTime = epochMs('close time', row[6]);
  for (const [name, price] of [
    ['open', o],
    ['high', h],
    ['low', l],
    ['close', c],
  ] as const) {
    if (price <= 0) throw new RowError(`${name} ${price} is not a positive price`);
  }
  if (h < l) throw new RowError(`high ${h} is below low ${l}`);
  if (h < Math.max(o, c)) throw new RowError(`high ${h} is below max(open ${o}, close ${c})`);
  if (l > Math.min(o, c)) throw new RowError(`low ${l} is above min(open ${o}, close ${c})`);
  if (v < 0) throw new RowError(`volume ${v} is negative`);
  // Binance: closeTime = openTime + interval − 1. Anything else means the server answered
  // another interval than the one asked for, and storing it would corrupt the series.
  const span = closeTime + 1 - openTime;
  if (Math.abs(span - tfMs) > 1) {
    throw new RowError(`spans ${span} ms from open to close time, expected ${tfMs} ms`);
  }
  if (previousOpen !== null && openTime <= previousOpen) {
    throw new RowError(`open time ${openTime} is not after the previous row's ${previousOpen}`);
  }
  return { ts: new Date(openTime), o, h, l, c, v, closeTime };
}

/** Validates every row before returning any, so a bad page yields an error, never part of it. */
function parseKlines(body: unknown, tfMs: number): Kline[] {
  if (!Array.isArray(body)) {
    throw new Error(`klines response is not an array: ${snippet(JSON.stringify(body))}`);
  }
  const klines: Kline[] = [];
  body.forEach((row, index) => {
    try {
      klines.push(parseRow(row, tfMs, klines.at(-1)?.ts.getTime() ?? null));
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      throw new Error(`klines row ${index}: ${e.message}`);
    }
  });
  return klines;
}

export function createHttpKlinesSource({
  baseUrl,
  fetchImpl = fetch,
  timeoutMs = 5000,
  maxBytes = 1024 * 1024,
}: HttpKlinesOptions): CandleSource {
  // Checked here so that a misconfigured base URL fails at startup, not on every poll.
  const endpoint = new URL(`${baseUrl.replace(/\/+$/, '')}/api/v3/klines`);
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new RangeError(`klines base URL must be http(s), got ${baseUrl}`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  }

  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive number, got ${maxBytes}`);
  }

  /** The body as text, refused as soon as it grows past maxBytes (never buffered whole). */
  async function readCapped(response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new Refused(`response of ${declared} bytes exceeds the ${maxBytes}-byte cap`);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new Refused(`response exceeds the ${maxBytes}-byte cap`);
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }

  async function get(url: URL): Promise<unknown> {
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      let target = url;
      let response = await fetchImpl(target, {
        signal,
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
        const location = response.headers.get('location');
        await response.body?.cancel().catch(() => {});
        if (!location) throw new Refused(`HTTP ${response.status} without a Location`);
        const next = new URL(location, target);
        if (next.origin !== endpoint.origin) {
          throw new Refused(`redirect to another host (${next.origin})`);
        }
        if (hops >= MAX_REDIRECTS) throw new Refused(`more than ${MAX_REDIRECTS} redirects`);
        target = next;
        response = await fetchImpl(target, {
          signal,
          redirect: 'manual',
          headers: { accept: 'application/json' },
        });
      }
      status = response.status;
      text = await readCapped(response);
    } catch (e) {
      if (e instanceof Refused) {
        throw new Error(`klines request refused: ${e.message}: GET ${url}`, { cause: e });
      }
      if (signal.aborted) {
        throw new Error(`klines request timed out after ${timeoutMs} ms: GET ${url}`, { cause: e });
      }
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(`klines request failed: GET ${url}: ${reason}`, { cause: e });
    }
    if (status !== 200) {
      throw new Error(`klines request failed with HTTP ${status}: GET ${url}: ${snippet(text)}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`klines response is not valid JSON: ${snippet(text)}`);
    }
  }

  return {
    kind: 'http',
    async fetchSince(symbol, tf, since, now, limit) {
      if (symbol === '') throw new RangeError('symbol is empty');
      if (!Number.isInteger(limit) || limit < 0) {
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
      }
      if (limit === 0) return [];
      const url = new URL(endpoint);
      url.searchParams.set('symbol', symbol);
      url.searchParams.set('interval', INTERVALS[tf]);
      // Without startTime Binance answers the most recent page, which is what a fresh feed wants.
      if (since !== null) url.searchParams.set('startTime', String(since.getTime() + 1));
      url.searchParams.set('limit', String(Math.min(limit, MAX_PAGE)));

      const klines = parseKlines(await get(url), timeframeMs(tf));
      const after = since?.getTime() ?? -Infinity;
      const nowMs = now.getTime();
      // The last row is usually the candle still forming; it must not be stored as final.
      return klines
        .filter((k) => k.ts.getTime() > after && k.closeTime < nowMs)
        .slice(0, limit)
        .map(({ ts, o, h, l, c, v }) => ({ ts, o, h, l, c, v }));
    },
  };
}
