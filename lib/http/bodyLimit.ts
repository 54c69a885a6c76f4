import { HttpError } from './errors';

export const tooLarge = (maxBytes: number, field = 'body') =>
  new HttpError(413, field, `${field} is larger than ${maxBytes} bytes`);

/**
 * The request's body as a stream that fails with a 413 as soon as more than `maxBytes` have
 * arrived. `Content-Length` is only a hint a chunked body does not have (and a client may lie):
 * the bytes themselves are counted, so nothing past the cap is ever buffered or parsed.
 */
export function limitedBody(
  request: Request,
  maxBytes: number,
  field = 'body',
): ReadableStream<Uint8Array> | null {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes, field);
  if (!request.body) return null;
  const reader = request.body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      received += value.byteLength;
      if (received > maxBytes) {
        // Stops reading the socket: the rest of the upload is never taken in.
        await reader.cancel().catch(() => {});
        return controller.error(tooLarge(maxBytes, field));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Reads the whole body, up to `maxBytes`, refusing it with a 413 the moment it passes the cap. */
export async function readLimited(
  request: Request,
  maxBytes: number,
  field = 'body',
): Promise<Uint8Array> {
  const body = limitedBody(request, maxBytes, field);
  if (!body) return new Uint8Array();
  try {
    return new Uint8Array(await new Response(body).arrayBuffer());
  } catch (error) {
    throw findHttpError(error) ?? error;
  }
}

/**
 * A multipart body parsed as FormData, refused with a 413 once it passes `maxBytes` on the wire
 * (before the parser sees a complete body), or a 400 when it is not well-formed multipart.
 */
export async function readLimitedForm(
  request: Request,
  maxBytes: number,
  field = 'file',
): Promise<FormData> {
  const limited = new Request(request.url, {
    method: 'POST',
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    body: limitedBody(request, maxBytes, field),
    duplex: 'half',
  } as RequestInit);
  try {
    return await limited.formData();
  } catch (error) {
    throw findHttpError(error) ?? new HttpError(400, 'body', 'malformed multipart body');
  }
}

/** The HttpError a stream failed with, wherever the consumer wrapped it. */
function findHttpError(error: unknown): HttpError | null {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof HttpError) return e;
  }
  return null;
}
