import { describe, expect, it } from 'vitest';
import { readLimited, readLimitedForm } from './bodyLimit';
import { HttpError } from './errors';

const MiB = 1024 * 1024;

/** A chunked request body (no Content-Length) of `total` bytes, counting what was pulled. */
function streamingRequest(total: number, contentType = 'text/csv', prefix = '') {
  let pulled = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === 0 && prefix) {
        pulled += prefix.length;
        return controller.enqueue(encoder.encode(prefix));
      }
      if (pulled >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(64 * 1024, total - pulled)).fill(0x61);
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request('http://app.test/upload', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled: () => pulled };
}

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('byte limits while the body streams in', () => {
  it('reads a body within the cap whole', async () => {
    const { request } = streamingRequest(MiB);
    expect((await readLimited(request, 2 * MiB)).byteLength).toBe(MiB);
  });

  it('refuses a chunked body with 413 once it passes the cap, without reading the rest', async () => {
    const { request, pulled } = streamingRequest(50 * MiB);
    const error = await refusal(readLimited(request, MiB));
    expect(error.status).toBe(413);
    expect(error.field).toBe('body');
    expect(pulled()).toBeLessThan(2 * MiB);
  });

  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    const request = new Request('http://app.test/upload', {
      method: 'POST',
      headers: { 'content-length': String(3 * MiB) },
      body: 'x',
    });
    expect((await refusal(readLimited(request, MiB))).status).toBe(413);
  });

  it('refuses a chunked multipart upload past the cap before parsing it', async () => {
    const boundary = 'XyZ';
    const { request, pulled } = streamingRequest(
      50 * MiB,
      `multipart/form-data; boundary=${boundary}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`,
    );
    const error = await refusal(readLimitedForm(request, MiB));
    expect(error.status).toBe(413);
    expect(error.field).toBe('file');
    expect(pulled()).toBeLessThan(2 * MiB);
  });

  it('parses a multipart body within the cap, and calls a broken one malformed', async () => {
    const form = new FormData();
    form.set('symbol', 'ABC');
    form.set('file', new Blob(['ts,open\n']), 'a.csv');
    const encoded = new Request('http://app.test/upload', { method: 'POST', body: form });
    const parsed = await readLimitedForm(encoded, MiB);
    expect(parsed.get('symbol')).toBe('ABC');
    const broken = new Request('http://app.test/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=nope' },
      body: 'not multipart',
    });
    const error = await refusal(readLimitedForm(broken, MiB));
    expect([error.status, error.field]).toEqual([400, 'body']);
  });
});
