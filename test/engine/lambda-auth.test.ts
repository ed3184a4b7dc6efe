/**
 * AWS_LAMBDA in the local engine (issue 20), on the wire: what the authorizer is sent, and each of
 * its answers (allowed, denied, deniedFields, ttlOverride, a throw, a timeout) over HTTP and over
 * the realtime handshake and `start`. The unmodified Amplify client: amplify-lambda.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRealtime } from '../support/realtime-client.js';
import { API_KEY, startEngine } from './harness.js';
import { ACCOUNT_ID, lambdaAuth, scriptedAuthorizer } from './lambda-fixtures.js';
import { expectRefused, postWith } from './token-fixtures.js';

const authorizer = scriptedAuthorizer();
let h: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  h = await startEngine(lambdaAuth(authorizer.handler));
});
afterAll(async () => h?.close());

const post = (authorization: string | undefined, query: string, variables?: Record<string, unknown>) => postWith(h.engine.url, authorization, query, variables);
const host = () => new URL(h.engine.url).host;
const ME = 'query Me { lambdaMe { authType context secret } }';

describe('over HTTP', () => {
  it('sends the authorizer AppSync’s request and gives resolvers its resolverContext', async () => {
    const { status, body } = await post('allow-alice', ME, { unused: 1 });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { lambdaMe: { authType: 'Lambda Authorization', context: JSON.stringify({ user: 'alice' }), secret: 'not for everyone' } } });
    const event = authorizer.events.find((e) => e.authorizationToken === 'allow-alice')!;
    expect(event).toEqual({
      authorizationToken: 'allow-alice',
      requestContext: { apiId: 'local', accountId: ACCOUNT_ID, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), queryString: ME, operationName: null, variables: { unused: 1 } },
      requestHeaders: expect.objectContaining({ authorization: 'allow-alice', 'content-type': 'application/json' }),
    });
  });

  it('enforces @aws_lambda: a field without it is refused to a Lambda caller', async () => {
    const { body } = await post('allow-bob', '{ whoami }');
    expect(body).toMatchObject({ data: { whoami: null }, errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access whoami on type Query' }] });
    // and an API-key caller cannot read the Lambda-only field
    const byKey = await h.post('{ lambdaMe { authType } }');
    expect(byKey.body).toMatchObject({ data: { lambdaMe: null }, errors: [{ errorType: 'Unauthorized' }] });
  });

  it('refuses isAuthorized: false with AppSync’s 401 and header', async () => {
    expectRefused(await post('deny-mallory', ME), 'You are not authorized to make this call.');
  });

  it('refuses without calling the function a token that fails identityValidationExpression', async () => {
    const before = authorizer.events.length;
    expectRefused(await post('not a valid token!', ME), 'You are not authorized to make this call.');
    expectRefused(await post(`allow-${'x'.repeat(2100)}`, ME), 'You are not authorized to make this call.');
    expect(authorizer.events.length).toBe(before);
  });

  it('nulls deniedFields (short form and this API’s ARNs; another API’s ARN names nothing here)', async () => {
    const { status, body } = await post('denyfields-carol', `${ME} `.replace('Me {', 'Me { item(id: "x") { id }'));
    expect(status).toBe(200);
    expect(body.data).toEqual({ item: null, lambdaMe: { authType: 'Lambda Authorization', context: JSON.stringify({ user: 'carol' }), secret: null } });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access item on type Query', path: ['item'] }),
        expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type LambdaCaller', path: ['lambdaMe', 'secret'] }),
      ]),
    );
    expect(body.errors).toHaveLength(2);
  });

  it('caches an answer per token for the TTL, a refusal too; ttlOverride: 0 asks every time', async () => {
    for (let i = 0; i < 3; i++) expect((await post('allow-dave', ME)).status).toBe(200);
    expect(authorizer.callsFor('allow-dave')).toBe(1);
    for (let i = 0; i < 3; i++) expectRefused(await post('deny-eve', ME));
    expect(authorizer.callsFor('deny-eve')).toBe(1);
    for (let i = 0; i < 3; i++) expect((await post('nocache-frank', ME)).status).toBe(200);
    expect(authorizer.callsFor('nocache-frank')).toBe(3);
  });

  it('refuses with 401 when the function throws, times out or answers nonsense, and asks again next time', async () => {
    for (const token of ['throws-x', 'slow-x', 'malformed-x']) {
      expectRefused(await post(token, ME), 'You are not authorized to make this call.');
    }
    expectRefused(await post('throws-x', ME));
    expect(authorizer.callsFor('throws-x')).toBe(2);
  });

  it('leaves the other modes alone: the API key still works beside it', async () => {
    expect((await h.post('{ whoami }', {}, API_KEY)).body).toEqual({ data: { whoami: 'api-key (API Key Authorization)' } });
  });
});

describe('over the realtime websocket', () => {
  const ON_ITEM = 'subscription($id: ID) { onItem(id: $id) { id name } }';

  it('authorises the handshake and each start, and delivers events to a Lambda caller', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: 'allow-grace', host: host() }, h.ca);
    expect((await rt.init()).type).toBe('connection_ack');
    expect(authorizer.events.find((e) => e.authorizationToken === 'allow-grace')?.requestHeaders).toMatchObject({ authorization: 'allow-grace' });
    expect(await rt.start('s1', ON_ITEM, { id: 'rt-1' }, { Authorization: 'allow-grace', host: host() })).toMatchObject({ type: 'start_ack' });
    await h.post('mutation { putItem(id: "rt-1", name: "hello") { id name } }');
    expect((await rt.next((m) => m.id === 's1' && m.type === 'data')).payload).toEqual({ data: { onItem: { id: 'rt-1', name: 'hello' } } });
    // A start with another token is authorised on its own: this one is refused.
    expect(await rt.start('s2', ON_ITEM, { id: 'rt-1' }, { Authorization: 'deny-henry', host: host() })).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException', errorCode: 401 }] } });
    const start = authorizer.events.find((e) => e.authorizationToken === 'deny-henry')!;
    expect(start.requestContext).toMatchObject({ queryString: ON_ITEM, variables: { id: 'rt-1' } });
    rt.close();
  });

  it('refuses the handshake for a denied, thrown or timed-out authorizer with AppSync’s connection_error', async () => {
    for (const token of ['deny-ivan', 'throws-y', 'slow-y']) {
      const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: token, host: host() }, h.ca);
      expect(await rt.init()).toEqual({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] } });
      rt.close();
    }
  });

  it('refuses a start whose field deniedFields names, and one that fails @aws_lambda', async () => {
    const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: 'allow-judy', host: host() }, h.ca);
    expect((await rt.init()).type).toBe('connection_ack');
    expect(await rt.start('n1', 'subscription { onNamed { id } }', {}, { Authorization: 'allow-judy', host: host() })).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized' }] } });
    expect(await rt.start('n2', ON_ITEM, {}, { Authorization: 'nosubs-judy', host: host() })).toMatchObject({
      type: 'error',
      payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onItem on type Subscription' }] },
    });
    expect(await rt.start('n3', ON_ITEM, {}, { Authorization: 'allow-judy', host: host() })).toMatchObject({ type: 'start_ack' });
    rt.close();
  });
});
