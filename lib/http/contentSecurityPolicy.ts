/**
 * The Content-Security-Policy of a page: scripts run only with this response's nonce (Next.js
 * puts it on its own bootstrap and chunk scripts when it finds the policy on the request), and
 * what they load runs through 'strict-dynamic'; no inline script an injection could add.
 * Styles keep 'unsafe-inline': recharts sets style attributes, which a nonce cannot cover.
 */
export function pageContentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
