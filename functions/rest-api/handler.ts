/**
 * The seed's REST API as one Lambda proxy handler: POST /blobs and GET /blobs/{blob_id}
 * (api/rest-api.ts), behind API Gateway on AWS and behind the local API Gateway proxy offline.
 * API Gateway has checked the API key before this runs. Creating is createBlob itself (same
 * validation, same record); reading is blob(id)'s consistent GetItem, shown in the seed's shape.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { restApi, type RestMethod, type RestResource } from '../../api/rest-api.js';
import { createCreateBlobHandler } from '../create-blob/handler.js';
import { createBlobRepository } from '../lib/blob-repository.js';
import type { Resolver } from '../lib/callback-url.js';
import { createClients } from '../lib/clients.js';
import { traced } from '../lib/tracing.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { inSeedTerms, seedInput } from './seed-input.js';
import { seedView } from './seed-view.js';

// Any origin may call: the API key in a header (never a cookie) is what authorizes.
const HEADERS = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...HEADERS, ...headers },
  body: JSON.stringify(body),
});

export function createRestApiHandler(config: FunctionConfig, deps: { resolve?: Resolver } = {}) {
  const createBlob = createCreateBlobHandler(config, deps);
  const blobs = createBlobRepository(createClients(config).dynamodb, config.tableName);
  const logger = createLogger('restApi');

  async function postBlob(body: string | null): Promise<APIGatewayProxyResult> {
    const parsed = seedInput(body);
    if (!parsed.ok) return json(400, { message: parsed.message });
    const created = await createBlob({ arguments: { input: parsed.input } });
    if (!created.ok) return json(400, { message: inSeedTerms(created.message) });
    return json(200, { blob_id: created.blob.id, callback_url: created.blob.callbackUrl ?? null, upload_url: created.blob.uploadUrl });
  }

  async function getBlob(id: string | undefined): Promise<APIGatewayProxyResult> {
    const record = id ? await blobs.get(id) : undefined;
    // A search index item (no status) shares the table but is no blob.
    if (!record?.status) return json(404, { message: `No blob with id ${JSON.stringify(id ?? '')}` });
    return json(200, seedView(record));
  }

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const allowed: readonly RestMethod[] | undefined = restApi.resources[event.resource as RestResource];
    if (!allowed) return json(404, { message: `Not found: ${event.path}. This API has ${Object.entries(restApi.resources).map(([path, methods]) => `${methods.join('|')} ${path}`).join(' and ')}` });
    if (!allowed.includes(event.httpMethod as RestMethod)) {
      return json(405, { message: `${event.httpMethod} is not allowed on ${event.resource}: use ${allowed.join(', ')}` }, { allow: allowed.join(', ') });
    }
    const body = event.body !== null && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (body !== null && Buffer.byteLength(body) > restApi.maxBodyBytes) return json(413, { message: `The request body is larger than ${restApi.maxBodyBytes} bytes` });
    try {
      return event.resource === '/blobs' ? await postBlob(body) : await getBlob(event.pathParameters?.blob_id);
    } catch (error) {
      // The log gets the detail; the client API Gateway's generic words, never a stack.
      logger.error('request failed', { method: event.httpMethod, resource: event.resource, error: (error as Error).message });
      return json(500, { message: 'Internal server error' });
    }
  };
}

let fromEnv: ReturnType<typeof createRestApiHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: APIGatewayProxyEvent) => (fromEnv ??= createRestApiHandler(configFromEnv()))(event));
