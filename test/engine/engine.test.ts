/**
 * The local AppSync engine, point by point (issue 2): schema and scalars, APPSYNC_JS resolvers
 * and data sources, auth, HTTP (realtime: engine-realtime.test.ts). Runs the fixture schema
 * against a real dynalite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFieldResolvers } from '../../local/appsync/runtime/index.js';
import { ResolverCodeError } from '../../local/appsync/runtime/types.js';
import { repoRoot } from '../support/paths.js';
import { iamPost } from '../support/sigv4-fetch.js';
import { API_KEY, EXPIRED_KEY, IAM, startEngine } from './harness.js';

let h: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(async () => h?.close());

describe('schema and scalars', () => {
  it('validates AppSync scalars on input (AWSURL)', async () => {
    const ok = await h.post('mutation($u: AWSURL!) { link(url: $u) }', { u: 'https://example.com/x' });
    expect(ok.body).toEqual({ data: { link: 'https://example.com/x' } });
    const bad = await h.post('mutation($u: AWSURL!) { link(url: $u) }', { u: 'not a url' });
    expect(bad.body.data ?? null).toBeNull();
    expect(bad.body.errors?.[0].message).toMatch(/AWSURL/);
  });

  it('reports GraphQL validation errors in AppSync shape', async () => {
    const { status, body } = await h.post('{ nope }');
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: null, locations: [{ line: 1, column: 3, sourceName: null }] });
    expect(body.errors?.[0].message).toMatch(/nope/);
  });
});

describe('resolvers and data sources', () => {
  it('round-trips through DynamoDB with the @aws-appsync/utils/dynamodb helpers', async () => {
    const id = randomUUID();
    const put = await h.post('mutation($id: ID!) { putItem(id: $id, name: "first") { id name createdAt } }', { id });
    expect(put.body.data.putItem).toMatchObject({ id, name: 'first' });
    expect(new Date(put.body.data.putItem.createdAt).getTime()).toBeGreaterThan(0);
    const got = await h.post('query($id: ID!) { item(id: $id) { id name } }', { id });
    expect(got.body).toEqual({ data: { item: { id, name: 'first' } } });
    expect((await h.post('{ item(id: "missing") { id } }')).body).toEqual({ data: { item: null } });
  });

  it('executes directives, aliases, fragments, __typename and several operations in one document', async () => {
    const id = randomUUID();
    await h.post('mutation($id: ID!) { putItem(id: $id, name: "shape") { id } }', { id });
    const document = `
      fragment Named on Item { __typename name }
      query Shapes($id: ID!, $withName: Boolean!) {
        first: item(id: $id) { id ...Named @include(if: $withName) }
        second: item(id: $id) { id name @skip(if: true) }
      }
      query Other { whoami }`;
    const res = await fetch(h.engine.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: document, variables: { id, withName: true }, operationName: 'Shapes' }) });
    expect(await res.json()).toEqual({ data: { first: { id, __typename: 'Item', name: 'shape' }, second: { id } } });
    const other = await fetch(h.engine.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: document, operationName: 'Other' }) });
    expect(await other.json()).toEqual({ data: { whoami: 'api-key (API Key Authorization)' } });
  });

  it('puts a DynamoDB condition failure in ctx.error with AppSync error type', async () => {
    const id = randomUUID();
    const first = await h.post('mutation($id: ID!) { putItemOnce(id: $id, name: "a") { item { id } error } }', { id });
    expect(first.body.data.putItemOnce).toEqual({ item: { id }, error: null });
    const second = await h.post('mutation($id: ID!) { putItemOnce(id: $id, name: "b") { item { id } error } }', { id });
    expect(second.body.data.putItemOnce.item).toBeNull();
    expect(second.body.data.putItemOnce.error).toMatch(/^DynamoDB:ConditionalCheckFailedException: /);
  });

  it('runs a pipeline, sharing stash and prev.result, and stops it with runtime.earlyReturn', async () => {
    expect((await h.post('{ pipeline(stop: false) }')).body).toEqual({ data: { pipeline: 'before > first > second > after: from first then second' } });
    expect((await h.post('{ pipeline(stop: true) }')).body).toEqual({ data: { pipeline: 'stopped before any function' } });
  });

  it('keeps the value with util.appendError', async () => {
    const { body } = await h.post('{ appended }');
    expect(body.data).toEqual({ appended: 'still here' });
    expect(body.errors?.[0]).toMatchObject({ message: 'something minor', errorType: 'Warning', path: ['appended'] });
  });

  it('refuses resolver code that APPSYNC_JS refuses, naming file and line', async () => {
    const load = loadFieldResolvers({
      rootDir: repoRoot,
      resolvers: [{ typeName: 'Query', fieldName: 'x', kind: 'UNIT', dataSource: 'none' as never, code: 'test/engine/fixtures/disallowed/uses-while.js' }],
      dataSources: { none: { type: 'NONE' } },
      bindings: { none: { type: 'NONE' } },
    });
    await expect(load).rejects.toBeInstanceOf(ResolverCodeError);
    await expect(load).rejects.toMatchObject({ file: 'test/engine/fixtures/disallowed/uses-while.js', line: 3, rule: '@aws-appsync/no-while' });
  });
});

describe('CPU budget', () => {
  it('fails a handler that runs longer than 1 s, with the handler named', async () => {
    const resolvers = await loadFieldResolvers({
      rootDir: repoRoot,
      resolvers: [{ typeName: 'Query', fieldName: 'slow', kind: 'UNIT', dataSource: 'none' as never, code: 'test/engine/fixtures/slow/over-budget.js' }],
      dataSources: { none: { type: 'NONE' } },
      bindings: { none: { type: 'NONE' } },
    });
    const outcome = await resolvers.get('Query.slow')!.resolve({
      arguments: {},
      source: null,
      identity: null,
      request: { headers: {}, domainName: null },
      info: { fieldName: 'slow', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
    });
    expect(outcome.data).toBeNull();
    expect(outcome.errors[0].message).toMatch(/request ran longer than the 1000 ms budget/);
  });
});

describe('auth', () => {
  it('refuses an unknown API key with 401 UnauthorizedException', async () => {
    const { status, body } = await h.post('{ whoami }', {}, 'da2-not-a-key');
    expect(status).toBe(401);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException' });
  });

  it('refuses an expired API key', async () => {
    const { status, body } = await h.post('{ whoami }', {}, EXPIRED_KEY);
    expect(status).toBe(401);
    expect(body.errors?.[0].message).toMatch(/expired/);
  });

  it('refuses a request with no credentials at all', async () => {
    const res = await fetch(h.engine.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ whoami }"}' });
    expect(res.status).toBe(401);
  });

  it('answers an IAM-only field called with an API key with Unauthorized and null', async () => {
    const { body } = await h.post('mutation { announce(id: "1") { id } }');
    expect(body.data).toEqual({ announce: null });
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access announce on type Mutation', path: ['announce'] });
  });

  it('applies the default mode to fields without directives', async () => {
    expect((await h.post('{ defaultOnly }')).body).toEqual({ data: { defaultOnly: 'defaultOnly' } });
    const viaIam = await (await iamPost(h.engine.url, { query: '{ defaultOnly }' }, IAM)).json();
    expect(viaIam.errors[0]).toMatchObject({ errorType: 'Unauthorized' });
  });

  it('accepts a valid SigV4 signature and exposes the IAM identity', async () => {
    const res = await iamPost(h.engine.url, { query: 'mutation { announce(id: "1", name: "x") { id name } }' }, IAM);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { announce: { id: '1', name: 'x' } } });
    const who = await (await iamPost(h.engine.url, { query: '{ whoami }' }, IAM)).json();
    expect(who).toEqual({ data: { whoami: `iam:${IAM.accessKeyId}` } });
    expect((await h.post('{ whoami }')).body).toEqual({ data: { whoami: 'api-key (API Key Authorization)' } });
  });

  it('refuses a forged SigV4 signature (wrong secret, or a body changed after signing)', async () => {
    const wrongSecret = await iamPost(h.engine.url, { query: '{ whoami }' }, { ...IAM, secretAccessKey: 'guess' });
    expect(wrongSecret.status).toBe(403);
    expect((await wrongSecret.json()).errors[0].errorType).toBe('InvalidSignatureException');
    const tampered = await iamPost(h.engine.url, { query: '{ whoami }' }, IAM, { tamper: (b) => b.replace('whoami', 'item(id: "x") { id }') });
    expect(tampered.status).toBe(403);
    const unknown = await iamPost(h.engine.url, { query: '{ whoami }' }, { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' });
    expect(unknown.status).toBe(403);
    expect((await unknown.json()).errors[0].errorType).toBe('UnrecognizedClientException');
  });

  it('refuses a stale SigV4 signature', async () => {
    const res = await iamPost(h.engine.url, { query: '{ whoami }' }, IAM, { signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(res.status).toBe(403);
    expect((await res.json()).errors[0].message).toMatch(/expired|too large/i);
  });
});

describe('HTTP', () => {
  it('answers malformed JSON with 400 and a clear message', async () => {
    const res = await fetch(h.engine.url, { method: 'POST', headers: { 'x-api-key': API_KEY }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toMatchObject({ errorType: 'MalformedHttpRequestException', message: 'Invalid JSON payload in POST request.' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(h.engine.url, { method: 'POST', headers: { 'x-api-key': API_KEY }, body: JSON.stringify({ query: `{ whoami } # ${'x'.repeat(1_100_000)}` }) });
    expect(res.status).toBe(413);
  });

  it('refuses queries deeper than the limit; aliases are bounded by the resolver count, not counted', async () => {
    const { body } = await h.post('{ item(id: "1") { id } a: item(id: "2") { id } }');
    expect(body.errors).toBeUndefined();
    // Introspection types nest without end (__Type.ofType), so they reach any depth.
    const nested = (levels: number) => `{ __schema { types { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
    // The harness sets queryDepthLimit 5 (the declared one is 12): __schema, types, two ofType, name.
    expect((await h.post(nested(2))).body.errors).toBeUndefined();
    const tooDeep = await h.post(nested(3));
    expect(tooDeep.body).toMatchObject({ data: null, errors: [{ errorType: 'ValidationError', message: 'Query depth 6 exceeds the maximum of 5.' }] });
    const viaFragment = await h.post(`query Q { ...A } fragment A on Query { __schema { types { ${'ofType { '.repeat(3)}name${' }'.repeat(3)} } } }`);
    expect(viaFragment.body.errors?.[0].message).toBe('Query depth 6 exceeds the maximum of 5.');
    // AppSync has no alias limit: 31 aliases of a field without a resolver are fine.
    const manyAliases = await h.post(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: whoami`).join(' ')} }`);
    expect(manyAliases.body.errors).toBeUndefined();
  });

  it('serves /health and the same API over TLS on the same port', async () => {
    expect(await (await fetch(h.engine.url.replace('/graphql', '/health'))).json()).toEqual({ status: 'ok' });
    const https = await import('node:https');
    const body = await new Promise<string>((resolve, reject) => {
      const req = https.request(h.engine.httpsUrl, { method: 'POST', ca: h.ca, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: '{ whoami }' }));
    });
    expect(JSON.parse(body)).toEqual({ data: { whoami: 'api-key (API Key Authorization)' } });
  });
});
