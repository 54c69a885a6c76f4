import type { CallInput, Endpoint, ResponseOf } from '@/lib/contracts/endpoint';
import { ApiError } from './apiError';

/** A reply as it came: status, the parsed JSON (or the text when it is not JSON), headers. */
export interface Reply<T> {
  status: number;
  ok: boolean;
  body: T;
  headers: Headers;
}

/** Reads a reply's body: JSON when it parses, else its text (pages, the metrics exposition). */
export async function readReply<T = unknown>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, ok: response.ok, body: body as T, headers: response.headers };
}

/** Fetches JSON from our API; anything but a 2xx becomes an ApiError carrying the API's message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, null, `the API could not be reached: ${(error as Error).message}`);
  }
  const reply = await readReply<T>(response);
  if (!reply.ok)
    throw new ApiError(reply.status, reply.body, `${response.status} ${response.statusText}`);
  return reply.body;
}

const queryValue = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : String(value);

/** The URL of a call: path parameters filled in (encoded), query parameters appended. */
export function urlOf(endpoint: Endpoint, input: { params?: object; query?: object } = {}): string {
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = (input.params as Record<string, unknown> | undefined)?.[name];
    if (value === undefined) throw new Error(`${endpoint.path} needs the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {}))
    if (value !== undefined && value !== null && value !== '') query.set(key, queryValue(value));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** The fetch init of a call: its method, and a JSON body when it has one. */
export function initOf(endpoint: Endpoint, input: { body?: unknown } = {}): RequestInit {
  return input.body === undefined
    ? { method: endpoint.method }
    : {
        method: endpoint.method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input.body),
      };
}

/** Calls an endpoint of the contract; the answer is typed by its response schema. */
export function call<E extends Endpoint>(
  endpoint: E,
  ...[input]: object extends CallInput<E> ? [CallInput<E>?] : [CallInput<E>]
): Promise<ResponseOf<E>> {
  return fetchJson<ResponseOf<E>>(urlOf(endpoint, input), initOf(endpoint, input));
}
