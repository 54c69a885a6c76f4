import { inject } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { readReply, type Reply } from '@/lib/client/fetchJson';
import type { AnyEndpoint } from '@/lib/contracts';
import type { PathPattern, RefusalOf, ResponseOf } from '@/lib/contracts/endpoint';
import type { ErrorBody } from '@/lib/contracts/json';
import { signIn } from './session';
import { TEST_PASSWORD, TEST_USERS } from './users';

const cookies = new Map<Role, string>();

/** The session cookie of the seeded user with this role (signed in once per test file). */
export async function sessionCookie(role: Role): Promise<string> {
  let cookie = cookies.get(role);
  if (!cookie) {
    const result = await signIn(inject('baseUrl'), TEST_USERS[role], TEST_PASSWORD);
    if (!result.cookie) throw new Error(`could not sign in as ${role}: ${result.error}`);
    cookie = result.cookie;
    cookies.set(role, cookie);
  }
  return cookie;
}

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'session'; role: Role }
  | { kind: 'internal'; token?: string }
  | { kind: 'bearer'; token: string };

export async function callerHeaders(caller: Caller): Promise<Record<string, string>> {
  switch (caller.kind) {
    case 'anonymous':
      return {};
    case 'session':
      return { cookie: await sessionCookie(caller.role) };
    case 'internal':
      return { 'x-internal-api-token': caller.token ?? inject('internalToken') };
    case 'bearer':
      return { authorization: `Bearer ${caller.token}` };
  }
}

type PathOf<P extends string> = P extends `${infer Path}?${string}` ? Path : P;

type MethodOf<I> = I extends { method: infer M extends string }
  ? M
  : I extends { body: NonNullable<unknown> }
    ? 'POST'
    : 'GET';

/** The endpoint of the contract that serves this method and path (query string ignored). */
type EndpointAt<P extends string, M extends string> = AnyEndpoint extends infer E
  ? E extends AnyEndpoint
    ? PathOf<P> extends PathPattern<E['path']>
      ? M extends E['method']
        ? E
        : never
      : never
    : never
  : never;

type KeysOf<U> = U extends unknown ? keyof U : never;
type FieldOf<U, K extends PropertyKey> = U extends unknown
  ? K extends keyof U
    ? U[K]
    : never
  : never;
type Arrays<T> = Extract<T, readonly unknown[]>;
type Objects<T> = Exclude<Extract<T, object>, readonly unknown[]>;

/**
 * A reply as a test reads it: a union of shapes (success or refusal, a batch item's score or
 * its error) reads as one object whose every field has the type of the members that have it;
 * free-form JSON (unknown in the contract) reads as any.
 */
export type Readable<T> = unknown extends T
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON, e.g. audit details
    any
  : | Exclude<T, object>
    | ([Arrays<T>] extends [never] ? never : Readable<Arrays<T>[number]>[])
    | ([Objects<T>] extends [never]
        ? never
        : { [K in KeysOf<Objects<T>>]: Readable<FieldOf<Objects<T>, K>> });

/**
 * The body by the endpoint's contract: its success reply or its refusal. Paths outside the
 * contract (pages) read as a refusal's fields.
 */
export type ReplyBody<P extends string, M extends string> = Readable<
  [EndpointAt<P, M>] extends [never]
    ? ErrorBody
    : ResponseOf<EndpointAt<P, M>> | RefusalOf<EndpointAt<P, M>>
>;

export interface ApiInit {
  method?: string;
  body?: unknown;
  as?: Caller;
  headers?: Record<string, string>;
}

/**
 * A request to the app under test as the given caller, through the client's own URL and body
 * handling (lib/client); JSON bodies are serialised, and the reply is typed by the contract.
 */
export async function api<P extends string, const I extends ApiInit = ApiInit>(
  path: P,
  init: I = {} as I,
): Promise<Reply<ReplyBody<P, MethodOf<I>>>> {
  const headers: Record<string, string> = {
    ...(await callerHeaders(init.as ?? { kind: 'anonymous' })),
    ...init.headers,
  };
  let body: BodyInit | undefined;
  if (typeof init.body === 'string' || init.body instanceof FormData) body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${inject('baseUrl')}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  return readReply(response);
}
