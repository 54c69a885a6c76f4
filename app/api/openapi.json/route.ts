import { route } from '@/lib/http/route';
import { apiDocument } from '@/lib/openapi/apiDocument';

/**
 * GET /api/openapi.json: public, like the README's API table it mirrors. It describes the shape
 * of the API only (no data, no secret), and tools that read it (client generators, API
 * explorers) fetch it without a session. Made once per process; revalidated by ETag.
 */
export const GET = route(async (request) => {
  const { json, etag } = apiDocument();
  const headers = { etag, 'cache-control': 'public, max-age=300, must-revalidate' };
  if (request.headers.get('if-none-match') === etag)
    return new Response(null, { status: 304, headers });
  return new Response(json, {
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
});
