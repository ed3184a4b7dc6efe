/**
 * The seed's REST API (DESIGN.md "The seed's REST API"), declared once: `infra/` creates these
 * API Gateway resources and methods, the local API Gateway proxy (`local/apigateway/`) matches
 * requests against them, and the one Lambda handler (`functions/rest-api/`) routes on them.
 */
import type { lambdaFunctions } from './wiring.js';

export type RestMethod = 'GET' | 'POST';

export const restApi = {
  /** Every resource is a Lambda proxy integration of this function. */
  function: 'restApi' satisfies keyof typeof lambdaFunctions,
  /** API Gateway resource paths (`{name}` is a path parameter) and the methods each answers. */
  resources: {
    '/blobs': ['POST'],
    '/blobs/{blob_id}': ['GET'],
  } as const satisfies Record<string, readonly RestMethod[]>,
  /** Any other path: API Gateway's greedy resource, proxied too, so the handler answers 404 as JSON. */
  catchAll: '/{proxy+}',
  /** Largest request body the handler accepts (the seed's bodies are a few hundred bytes). */
  maxBodyBytes: 64 * 1024,
} as const;

export type RestResource = keyof typeof restApi.resources;
