import { inject } from 'vitest';
import type { Role } from '@/lib/auth/roles';
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

/** A request to the app under test as the given caller; JSON bodies are serialised. */
export async function api(
  path: string,
  init: { method?: string; body?: unknown; as?: Caller; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary reply fields
): Promise<{ status: number; body: any; headers: Headers }> {
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
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
