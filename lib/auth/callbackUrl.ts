import { HttpError } from '@/lib/http/errors';

// next-auth answers a callbackUrl it cannot parse as an http(s) URL (in the query or its
// cookie) with a 500 "server configuration" error; it is the caller's mistake, so it is
// refused first with the 400 every other bad input gets. Same rule as next-auth's own check.
const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

function isHttpUrl(url: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith('/') ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** The 400 for a callbackUrl next-auth would choke on, or null. */
export function callbackUrlRefusal(request: {
  nextUrl: URL;
  cookies: { get(name: string): { value: string } | undefined };
}): HttpError | null {
  const base = request.nextUrl.origin;
  const candidates = [
    request.nextUrl.searchParams.get('callbackUrl'),
    ...CALLBACK_COOKIES.map((name) => request.cookies.get(name)?.value ?? null),
  ];
  for (const url of candidates) {
    if (url && !isHttpUrl(url, base))
      return new HttpError(400, 'callbackUrl', 'callbackUrl must be an http(s) URL or a path');
  }
  return null;
}
