/**
 * Bad input, one case per line, each with the exact error it must get (issue 6). Runs against
 * the real local stack: GraphQL errors carry an errorType, uploads the labeller must refuse end
 * as FAILED blobs with a specific code, and S3 refuses what S3 refuses.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { requestLimits } from '../../api/request-limits.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { waitFor } from '../support/wait.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
/** Every response body and log line of this file, checked at the end for leaks. */
const seen: string[] = [];
const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
beforeAll(async () => {
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      seen.push(String(chunk));
      return writes[name](chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  stack = await startTestStack();
});
afterAll(async () => {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  await stack?.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey, ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  seen.push(text);
  return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: Array<{ errorType: string | null; message: string }> } };
}

const createBlob = async (input: Record<string, unknown>) => gql(CREATE_BLOB, { input });

/** Uploads bytes and waits until the blob is finished. */
async function uploadAndWait(bytes: Buffer, contentType = 'image/jpeg'): Promise<Blob> {
  const { body } = await createBlob({ contentType });
  const { id, uploadUrl } = body.data.createBlob;
  const put = await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': contentType } });
  expect(put.status).toBe(200);
  return waitFor(
    async () => {
      const blob = (await gql(BLOB, { id })).body.data.blob as Blob;
      return blob.status === 'LABELLED' || blob.status === 'FAILED' ? blob : undefined;
    },
    { what: `blob ${id} finished`, timeoutMs: 120_000 },
  );
}

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#4a7' } }).png().toBuffer();

describe('GraphQL requests', () => {
  it('wrong API key → 401 UnauthorizedException', async () => {
    expect(await gql('{ blob(id: "x") { id } }', {}, { 'x-api-key': 'da2-wrong' })).toMatchObject({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
  });
  it('malformed JSON → 400 MalformedHttpRequestException', async () => {
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'x-api-key': stack.apiKey }, body: '{' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toMatchObject({ errorType: 'MalformedHttpRequestException', message: 'Invalid JSON payload in POST request.' });
  });
  it('more resolvers than ResolverCountLimit → ResolverExecutionLimitReached on the fields past it', async () => {
    const limit = requestLimits.resolverCountLimit;
    const flood = `{ ${Array.from({ length: limit + 2 }, (_, i) => `a${i}: blob(id: "x") { id }`).join(' ')} }`;
    const { body } = await gql(flood);
    // The first `limit` resolvers run (each finds nothing); the two past the limit are refused.
    expect(body.errors).toHaveLength(2);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'ResolverExecutionLimitReached', message: `Resolver invocation limit of ${limit} reached.` });
    expect(body.data?.[`a${limit - 1}`]).toBeNull();
  });
  it('deeper than 12 levels → ValidationError', async () => {
    expect((await gql(`{ __schema { types { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } }`)).body).toMatchObject({ data: null, errors: [{ errorType: 'ValidationError', message: 'Query depth 13 exceeds the maximum of 12.' }] });
  });
  it('no token limit (AppSync has none): a long document within the body limit parses', async () => {
    // 2,100 aliases of a resolver-less field: over 6,000 tokens, no resolver past the first.
    const long = `{ blob(id: "x") { ${Array.from({ length: 2_100 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    expect((await gql(long)).body).toEqual({ data: { blob: null } });
  });
  it('unknown field → ValidationError naming it', async () => {
    expect((await gql('{ blob(id: "x") { colour } }')).body.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/colour/) });
  });
  it('string literals shaped like code stay data (operations are compiled to functions)', async () => {
    for (const id of ['"); globalThis.pwned = 1; ("', "'); globalThis.pwned = 1; ('", '`${globalThis.pwned = 1}`', '\\u0022); globalThis.pwned = 1; //']) {
      expect((await gql(`{ blob(id: ${JSON.stringify(id)}) { id } again: blob(id: ${JSON.stringify(id)}) @include(if: true) { id } }`)).body).toEqual({ data: { blob: null, again: null } });
    }
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
  it('blob of an unknown id → null, no error', async () => {
    expect((await gql(BLOB, { id: 'no-such-blob' })).body).toEqual({ data: { blob: null } });
  });
  it('publishBlobLabelled with an API key → Unauthorized', async () => {
    const now = new Date().toISOString();
    const { body } = await gql('mutation($i: PublishBlobLabelledInput!) { publishBlobLabelled(input: $i) { id } }', { i: { id: 'x', status: 'LABELLED', features: ['LABELS'], createdAt: now, updatedAt: now } });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access publishBlobLabelled on type Mutation' });
  });
});

describe('createBlob input', () => {
  it('contentType image/gif → BadRequest', async () => {
    expect((await createBlob({ contentType: 'image/gif' })).body.errors?.[0]).toMatchObject({ errorType: 'BadRequest', message: 'contentType must be one of image/jpeg, image/png; got "image/gif"' });
  });
  it('callbackUrl not a URL → AWSURL validation error', async () => {
    expect((await createBlob({ callbackUrl: 'not a url' })).body.errors?.[0]?.message).toMatch(/Invalid AWSURL value/);
  });
  it('callbackUrl ftp:// → BadRequest', async () => {
    expect((await createBlob({ callbackUrl: 'ftp://example.com/x' })).body.errors?.[0]).toMatchObject({ errorType: 'BadRequest', message: 'callbackUrl must use http or https' });
  });
  it('callbackUrl to the metadata address → BadRequest', async () => {
    expect((await createBlob({ callbackUrl: 'http://169.254.169.254/latest/meta-data' })).body.errors?.[0]).toMatchObject({ errorType: 'BadRequest', message: expect.stringMatching(/169\.254\.169\.254: linkLocal/) });
  });
  it('callbackUrl to a private address → BadRequest', async () => {
    expect((await createBlob({ callbackUrl: 'http://10.1.2.3/hook' })).body.errors?.[0]).toMatchObject({ errorType: 'BadRequest', message: expect.stringMatching(/10\.1\.2\.3: private/) });
  });
  it('callbackUrl with an IPv4-mapped IPv6 private address → BadRequest', async () => {
    expect((await createBlob({ callbackUrl: 'http://[::ffff:192.168.0.1]/hook' })).body.errors?.[0]).toMatchObject({ errorType: 'BadRequest' });
  });
  it('missing input → ValidationError', async () => {
    expect((await gql('mutation { createBlob { id } }')).body.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
  });
});

describe('uploads the labeller refuses end FAILED with a specific code', () => {
  it('text with a .jpg name → INVALID_IMAGE', async () => {
    expect(await uploadAndWait(await readFile(image('not-an-image.jpg')))).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_IMAGE' } });
  });
  it('a truncated JPEG → INVALID_IMAGE', async () => {
    expect(await uploadAndWait(await readFile(image('truncated.jpg')))).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_IMAGE' } });
  });
  it('an empty upload → INVALID_IMAGE', async () => {
    expect(await uploadAndWait(Buffer.alloc(0))).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_IMAGE', message: 'The upload is empty.' } });
  });
  it('a GIF (recognised by its bytes, sent as image/png) → UNSUPPORTED_IMAGE_TYPE', async () => {
    const gif = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } }).gif().toBuffer();
    expect(await uploadAndWait(gif, 'image/png')).toMatchObject({ status: 'FAILED', error: { code: 'UNSUPPORTED_IMAGE_TYPE', message: 'The upload is image/gif; only JPEG and PNG are accepted.' } });
  });
  it('a 60×60 PNG → IMAGE_TOO_SMALL', async () => {
    expect(await uploadAndWait(await png(60, 60), 'image/png')).toMatchObject({ status: 'FAILED', error: { code: 'IMAGE_TOO_SMALL', message: 'The image is 60×60 px; each side must be at least 80 px.' } });
  });
  it('a 10,001×100 PNG → IMAGE_DIMENSIONS_TOO_LARGE', async () => {
    expect(await uploadAndWait(await png(10_001, 100), 'image/png')).toMatchObject({ status: 'FAILED', error: { code: 'IMAGE_DIMENSIONS_TOO_LARGE' } });
  });
  it('over 15 MB → IMAGE_TOO_LARGE', async () => {
    const big = Buffer.concat([await png(100, 100), Buffer.alloc(15 * 1024 * 1024)]);
    expect(await uploadAndWait(big, 'image/png')).toMatchObject({ status: 'FAILED', error: { code: 'IMAGE_TOO_LARGE' } });
  });
  it('a JPEG declared as image/png is still labelled (bytes decide)', async () => {
    expect((await uploadAndWait(await readFile(image('messi5.jpg')), 'image/png')).status).toBe('LABELLED');
  });
});

describe('the upload URL, as S3 guards it', () => {
  it('a content type other than the signed one → 403', async () => {
    const { uploadUrl } = (await createBlob({ contentType: 'image/png' })).body.data.createBlob;
    expect((await fetch(uploadUrl, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } })).status).toBe(403);
  });
  it('a forged signature → 403', async () => {
    const { uploadUrl } = (await createBlob({})).body.data.createBlob;
    expect((await fetch(uploadUrl.replace(/X-Amz-Signature=[0-9a-f]{8}/, 'X-Amz-Signature=00000000'), { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } })).status).toBe(403);
  });
  it('a URL for one blob used for another key → 403', async () => {
    const { id, uploadUrl } = (await createBlob({})).body.data.createBlob;
    expect((await fetch(uploadUrl.replace(id, 'someone-else'), { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } })).status).toBe(403);
  });
  it('expires after 300 s', async () => {
    const { uploadUrl, expiresAt } = (await createBlob({})).body.data.createBlob;
    const url = new URL(uploadUrl);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(295_000);
  });
});

describe('nothing leaks', () => {
  it('variables that are not an object → 400 MalformedHttpRequestException', async () => {
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query: '{ blob(id: "x") { id } }', variables: 'oops' }) });
    const text = await res.text();
    seen.push(text);
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ errors: [{ errorType: 'MalformedHttpRequestException' }] });
  });
  it('no response or log line above carries a stack trace, a file path or a secret', () => {
    const secrets = [stack.webhookSecret, stack.credentials.secretAccessKey];
    const leaks = seen.filter((text) => /\bat .+:\d+:\d+/.test(text) || text.includes('node_modules') || text.includes(stack.dataDir) || secrets.some((s) => text.includes(s)));
    expect(seen.length).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
