/**
 * The seed's REST API on the local stack (the local API Gateway proxy in front of the same Lambda
 * handler the deployed API runs): each error API Gateway or the handler gives, and a blob made
 * over REST being the very record GraphQL reads and announces.
 */
import { readFile } from 'node:fs/promises';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify, subscribeToLabelled } from '../support/amplify-client.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  stack = await startTestStack();
  receiver = await startWebhookReceiver();
  dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials });
});
afterAll(async () => {
  dynamodb?.destroy();
  await receiver?.close();
  await stack?.close();
});

/** A request to the REST API as curl or fetch sends it; the API key unless `key` says otherwise. */
async function rest(method: string, path: string, o: { body?: string; key?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  const key = o.key === undefined ? stack.apiKey : o.key;
  if (key !== null) headers['x-api-key'] = key;
  const res = await fetch(`${stack.restApiUrl}${path}`, { method, headers, body: o.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as any) : undefined };
}

/** How many blob records the table holds (this file's stack is its own; its tests run one at a time). */
const recordCount = async () => (await dynamodb.send(new ScanCommand({ TableName: stack.tableName, Select: 'COUNT', ConsistentRead: true }))).Count;

const post = (body: unknown, o: { key?: string | null } = {}) => rest('POST', '/blobs', { body: typeof body === 'string' ? body : JSON.stringify(body), ...o });

describe('the seed REST API is at custom.rest_api_url', () => {
  it('is written into amplify_outputs.json next to the GraphQL URL, on the same port', () => {
    expect(stack.outputs.custom?.rest_api_url).toBe(stack.restApiUrl);
    expect(new URL(stack.restApiUrl).port).toBe(new URL(stack.graphqlUrl).port);
  });
});

describe('errors as API Gateway gives them', () => {
  it('403 {"message":"Forbidden"} without the API key, or with a wrong one, on every path', async () => {
    for (const [method, path, key] of [['POST', '/blobs', null], ['POST', '/blobs', 'da2-wrong'], ['GET', '/blobs/anything', null], ['GET', '/elsewhere', 'da2-wrong']] as const) {
      const res = await rest(method, path, { key, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json).toEqual({ message: 'Forbidden' });
      expect(res.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
    }
  });

  it('answers the CORS preflight without a key', async () => {
    const res = await rest('OPTIONS', '/blobs', { key: null, headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it.each([
    ['malformed JSON', '{"callback_url": ', 'The request body is not valid JSON'],
    ['a JSON array', '[]', 'The request body must be a JSON object'],
    ['an unknown field', { callbackUrl: 'https://example.com/hook' }, 'Unknown field "callbackUrl": expected callback_url, content_type, features, min_confidence, max_labels'],
    ['a callback_url that is not a string', { callback_url: 42 }, 'callback_url must be a string'],
    ['a callback_url that is not a URL', { callback_url: 'not a url' }, 'callback_url must be an absolute http(s) URL'],
    ['a callback_url to the metadata service', { callback_url: 'http://169.254.169.254/latest/meta-data' }, 'callback_url must not reach a private, loopback, link-local or otherwise internal address'],
    ['an unsupported content_type', { content_type: 'image/gif' }, 'content_type must be one of image/jpeg, image/png; got "image/gif"'],
    ['an unknown feature', { features: ['LABELS', 'CELEBRITIES'] }, 'features must be among LABELS, IMAGE_PROPERTIES, TEXT, FACES, MODERATION; got CELEBRITIES'],
    ['max_labels without LABELS', { features: ['TEXT'], max_labels: 5 }, 'max_labels applies to LABELS, which is not in features'],
  ])('400 with a message for %s, and nothing recorded', async (_case, body, message) => {
    const before = await recordCount();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(message);
    expect(Object.keys(res.json)).toEqual(['message']);
    // The table itself, not the answer: a handler that records first and refuses after still answers 400.
    expect(await recordCount()).toBe(before);
  });

  it('404 for an unknown blob id', async () => {
    const res = await rest('GET', '/blobs/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: 'No blob with id "00000000-0000-4000-8000-000000000000"' });
  });

  it('404 for other paths, 405 (with Allow) for other methods', async () => {
    for (const path of ['/', '/blob', '/blobs/a/b', '/graphql']) {
      const res = await rest('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.json.message).toContain('This API has POST /blobs and GET /blobs/{blob_id}');
    }
    const get = await rest('GET', '/blobs');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const del = await rest('DELETE', '/blobs/some-id');
    expect(del.status).toBe(405);
    expect(del.json).toEqual({ message: 'DELETE is not allowed on /blobs/{blob_id}: use GET' });
  });

  it('413 for a body larger than the API takes', async () => {
    const res = await post({ callback_url: `https://example.com/${'a'.repeat(100 * 1024)}` });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ message: 'The request body is larger than 65536 bytes' });
  });
});

describe('one implementation: a REST blob is a createBlob blob', () => {
  it('POST /blobs records what createBlob records; subscribers hear about it; GET /blobs/{id} reads what blob(id) reads, in the seed shape', async () => {
    const created = await post({ callback_url: receiver.url('/rest-hook'), content_type: 'image/png' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.json).sort()).toEqual(['blob_id', 'callback_url', 'upload_url']);
    expect(created.json.callback_url).toBe(receiver.url('/rest-hook'));
    const id: string = created.json.blob_id;

    const pending = (await graphqlData(stack, BLOB, { id })).blob;
    expect(pending).toMatchObject({ id, status: 'PENDING_UPLOAD', contentType: 'image/png', callbackUrl: receiver.url('/rest-hook') });
    expect((await rest('GET', `/blobs/${id}`)).json).toEqual({ blob_id: id, status: 'PENDING_UPLOAD' });

    const client = configureAmplify(stack, 'apiKey');
    const { event } = await subscribeToLabelled(client, id);
    const upload = await fetch(created.json.upload_url, { method: 'PUT', body: await readFile(image('horse.png')), headers: { 'content-type': 'image/png' } });
    expect(upload.status).toBe(200);
    const pushed = await event;
    expect(pushed.status).toBe('LABELLED');

    const got = await rest('GET', `/blobs/${id}`);
    expect(got.status).toBe(200);
    const labelled = (await graphqlData(stack, BLOB, { id })).blob;
    expect(got.json).toEqual({
      blob_id: id,
      status: 'LABELLED',
      labels: labelled.labels.map((l: { name: string; confidence: number; parents: string[] }) => ({ label: l.name, confidence: l.confidence, parents: l.parents })),
    });
    expect(got.json.labels.map((l: { label: string }) => l.label)).toContain('Horse');
    await receiver.waitFor((all) => all.some((h) => h.path === '/rest-hook'));
    expect(JSON.parse(receiver.received.find((h) => h.path === '/rest-hook')!.body)).toEqual(got.json);
  });

  it('GET /blobs/{id} of a FAILED blob has the error instead of labels', async () => {
    const created = await post({});
    expect(created.json.callback_url).toBeNull();
    const id: string = created.json.blob_id;
    await fetch(created.json.upload_url, { method: 'PUT', body: await readFile(image('truncated.jpg')), headers: { 'content-type': 'image/jpeg' } });
    let got = await rest('GET', `/blobs/${id}`);
    for (const deadline = Date.now() + 60_000; !['LABELLED', 'FAILED'].includes(got.json.status) && Date.now() < deadline; got = await rest('GET', `/blobs/${id}`)) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(got.json).toEqual({ blob_id: id, status: 'FAILED', error: { code: 'INVALID_IMAGE', message: expect.any(String) } });
  });
});
