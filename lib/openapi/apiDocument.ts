import { createHash } from 'node:crypto';
import { API } from '@/lib/contracts';
import pkg from '@/package.json';
import { buildOpenApiDocument } from './document';
import type { OpenApiDocument } from './types';

let cached: { document: OpenApiDocument; json: string; etag: string } | undefined;

/**
 * This API's document, made once per process (the contracts do not change while it runs): the
 * document, its JSON text, and an ETag of that text.
 */
export function apiDocument() {
  if (!cached) {
    const document = buildOpenApiDocument(API, { version: pkg.version });
    const json = JSON.stringify(document);
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
    cached = { document, json, etag };
  }
  return cached;
}
