import { describe, expect, it } from 'vitest';
import { buildSha } from '@/lib/buildSha.mjs';
import { FEATURE_SCHEMA_V2, schemaHash } from '@/lib/domain/featureSchema';
import { api } from '../support/api';

describe('GET /api/ml/version', () => {
  it('names the feature and model versions, the schema hash and the build commit', async () => {
    const { status, body } = await api('/api/ml/version');
    expect(status).toBe(200);
    expect(body).toEqual({
      featureVersion: 'v2.0.0',
      modelVersion: 'fusion-v2.0.0',
      schemaHash: schemaHash(FEATURE_SCHEMA_V2),
      buildSha: expect.stringMatching(/^[0-9a-f]{40}(-dirty)?$/),
    });
    // The build under test was made from this checkout.
    expect(body.buildSha.slice(0, 40)).toBe(buildSha().slice(0, 40));
  });
});

const SECURITY_HEADERS = [
  'strict-transport-security',
  'x-frame-options',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
];

describe('security headers', () => {
  it.each([
    ['a public API', '/api/healthz'],
    ['a refused API call', '/api/instruments'],
    ['a page redirect', '/'],
    ['the sign-in page', '/signin'],
    ['a missing page', '/no-such-page'],
    ['a 4xx API reply', '/api/admin/tokens/nope'],
  ])('are on %s (%s)', async (_label, path) => {
    const { headers } = await api(path);
    for (const name of SECURITY_HEADERS) expect(headers.get(name), name).toBeTruthy();
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-powered-by')).toBeNull();
  });
});
