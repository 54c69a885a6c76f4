import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALL_ENDPOINTS } from './index';

const API_DIR = path.resolve(import.meta.dirname, '../../app/api');
/** next-auth's own handler has no contract of ours. */
const OUTSIDE_THE_CONTRACT = new Set(['/api/auth/:nextauth']);

/** Every `METHOD /api/path` the route handlers under app/api export. */
function servedRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const apiPath = `/api/${path.relative(API_DIR, dir)}`
          .split(path.sep)
          .join('/')
          .replace(/\[(?:\.\.\.)?(\w+)\]/g, ':$1');
        if (OUTSIDE_THE_CONTRACT.has(apiPath)) continue;
        const source = readFileSync(full, 'utf8');
        for (const [, method] of source.matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ))
          routes.push(`${method} ${apiPath}`);
      }
    }
  };
  walk(API_DIR);
  return routes.sort();
}

describe('the API contract', () => {
  it('declares every route handler, and nothing that is not served', () => {
    const declared = ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
    expect(declared).toEqual(servedRoutes());
  });

  it('converts to JSON Schema on its wire side, as the OpenAPI document will', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      for (const part of ['params', 'query', 'body', 'response'] as const) {
        const schema = (endpoint as Partial<Record<typeof part, z.ZodType>>)[part];
        if (!schema) continue;
        expect(
          () => z.toJSONSchema(schema, { io: 'input' }),
          `${endpoint.method} ${endpoint.path} ${part}`,
        ).not.toThrow();
      }
    }
  });
});
