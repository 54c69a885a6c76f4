import { z } from 'zod';
import { endpoint } from './endpoint';

/**
 * The OpenAPI 3.1 document of this API (lib/openapi/document.ts builds it from the contracts).
 * Loose on purpose: the document is checked against the OpenAPI 3.1 schema by its tests, and
 * a reply must not drop the parts this schema does not spell out.
 */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const openapiEndpoints = {
  document: endpoint({
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    summary:
      'This API as an OpenAPI 3.1 document, generated from the contracts the routes validate with',
    response: openApiDocumentSchema,
  }),
};
