import http from 'node:http';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sessionCookie } from '../support/api';

const MiB = 1024 * 1024;
const CAP = 20 * MiB; // the import's documented cap
const OFFERED = 3 * CAP; // what the client would go on sending if nobody stopped it

/**
 * Streams a chunked body (no Content-Length) of up to OFFERED bytes, 256 KiB at a time and only
 * as fast as the server reads, until the server answers. Returns the answer and how much had
 * been sent when it came.
 */
function chunkedUpload(
  path: string,
  contentType: string,
  head = '',
): Promise<{ status: number; body: { _err?: string }; sentWhenAnswered: number }> {
  return new Promise(async (resolve, reject) => {
    const url = new URL(path, inject('baseUrl'));
    const request = http.request(url, {
      method: 'POST',
      headers: {
        cookie: await sessionCookie('operator'),
        'content-type': contentType,
        'transfer-encoding': 'chunked',
      },
    });
    let sent = 0;
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode!, body: JSON.parse(text), sentWhenAnswered });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(256 * 1024, '1,');
    if (head) {
      request.write(head);
      sent += head.length;
    }
    const pump = () => {
      while (!answered && sent < OFFERED) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

beforeAll(() => {
  process.env.DATABASE_URL = inject('databaseUrl');
});

async function candleCount(symbol: string): Promise<number> {
  const { rows } = await (
    await import('@/lib/db/client')
  )
    .pool()
    .query<{ n: number }>('SELECT count(*)::int AS n FROM candles WHERE symbol = $1', [symbol]);
  return rows[0]!.n;
}

describe('CSV import byte cap on a chunked upload', () => {
  it('refuses a text/csv body with 413 once it passes 20 MB, without taking the rest', async () => {
    const result = await chunkedUpload(
      '/api/candles/import?symbol=HUGE&tf=1d&tz=UTC',
      'text/csv',
      'date,open,high,low,close,volume\n',
    );
    expect(result.status).toBe(413);
    expect(result.body._err).toBe('body');
    // Answered while the upload was still going: the server stopped reading near the cap.
    expect(result.sentWhenAnswered).toBeLessThan(CAP + 8 * MiB);
    expect(await candleCount('HUGE')).toBe(0);
  });

  it('refuses a multipart upload with 413 before parsing it', async () => {
    const boundary = 'fusionOpsBoundary';
    const result = await chunkedUpload(
      '/api/candles/import',
      `multipart/form-data; boundary=${boundary}`,
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="symbol"',
        '',
        'HUGE',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="huge.csv"',
        'Content-Type: text/csv',
        '',
        'date,open,high,low,close,volume\n',
      ].join('\r\n'),
    );
    expect(result.status).toBe(413);
    expect(result.body._err).toBe('file');
    expect(result.sentWhenAnswered).toBeLessThan(CAP + 8 * MiB);
    expect(await candleCount('HUGE')).toBe(0);
  });
});
