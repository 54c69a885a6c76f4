import { HttpError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a cookie-authenticated request may change state: it must come from the app's own
 * origin. A browser says where a request comes from in `Sec-Fetch-Site` (every current browser)
 * or at least `Origin` (sent on every cross-origin and every non-GET request); a request with
 * neither is not a browser's, and a cookie it carries was not attached by a victim's browser.
 * `SameSite=Lax` alone lets another port or a sibling subdomain through, hence this check
 * (the same rule as Go's net/http CrossOriginProtection).
 */
export function crossOriginRefusal(
  request: Request,
  appUrl = process.env.NEXTAUTH_URL,
): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) {
    return site === 'same-origin' || site === 'none'
      ? null
      : `a ${site} request cannot use the session cookie to change anything`;
  }
  const origin = request.headers.get('origin');
  if (origin === null) return null;
  return ownOrigins(request, appUrl).has(origin)
    ? null
    : `a request from ${origin} cannot use the session cookie to change anything`;
}

/** The app's public origin (NEXTAUTH_URL) and the origin the request was addressed to. */
function ownOrigins(request: Request, appUrl: string | undefined): Set<string> {
  const origins = new Set<string>();
  if (appUrl) origins.add(new URL(appUrl).origin);
  const host = request.headers.get('host');
  if (host) origins.add(`${new URL(request.url).protocol}//${host}`);
  return origins;
}

/** Throws the 403 `_err: "csrf"` for a cross-origin state change made with the session cookie. */
export function assertSameOrigin(request: Request): void {
  const refusal = crossOriginRefusal(request);
  if (refusal) throw new HttpError(403, 'csrf', refusal);
}
