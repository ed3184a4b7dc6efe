/**
 * The unmodified aws-amplify client with `authMode: 'lambda'` against the local engine: every
 * answer of the authorizer (allowed, denied, deniedFields, TTL and ttlOverride, a throw, a
 * timeout), each over HTTP and over the realtime websocket. The wire itself: lambda-auth.test.ts.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { startEngine } from './harness.js';
import { lambdaAuth, scriptedAuthorizer } from './lambda-fixtures.js';

const authorizer = scriptedAuthorizer();
let h: Awaited<ReturnType<typeof startEngine>>;
const newClient = () => generateClient({ authMode: 'lambda' });
let client: ReturnType<typeof newClient>;
beforeAll(async () => {
  h = await startEngine(lambdaAuth(authorizer.handler));
  installWebSocket(h.certPath);
  Amplify.configure({ API: { GraphQL: { endpoint: h.engine.url, region: 'us-east-1', defaultAuthMode: 'lambda' } } });
  client = newClient();
});
afterAll(async () => h?.close());

const ME = 'query Me { lambdaMe { authType context secret } }';
const ON_ITEM = 'subscription OnItem($id: ID) { onItem(id: $id) { id name } }';

/** What Amplify's promise settles to: its data, or the error it rejected with. */
type Settled = { data: unknown; errors?: Array<{ message: string; errorType?: string; originalError?: { name?: string } }> };
const query = (authToken: string, q = ME): Promise<Settled> =>
  (client.graphql({ query: q, authMode: 'lambda', authToken }) as Promise<{ data: unknown }>).then(
    (r) => ({ data: r.data }),
    (e: { data?: unknown; errors: Array<{ message: string; errorType?: string; originalError?: { name?: string } }> }) => ({ data: e.data, errors: e.errors }),
  );

/** Subscribes with a token; resolves with the first event, or with the error Amplify reports. */
function subscribe(authToken: string, id: string) {
  let subscription: { unsubscribe(): void } | undefined;
  let acked!: () => void;
  const acknowledged = new Promise<void>((r) => (acked = r));
  const stopListening = Hub.listen('api', ({ payload }) => {
    const data = payload.data as { variables?: Record<string, unknown> } | undefined;
    if (payload.event === 'Subscription ack' && data?.variables?.id === id) acked();
  });
  const outcome = new Promise<{ event?: unknown; errors?: unknown; error?: unknown }>((resolve) => {
    subscription = (client.graphql({ query: ON_ITEM, variables: { id }, authMode: 'lambda', authToken }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({
      // Amplify hands on the event's whole payload: its data, and errors when there are any.
      next: ({ data, errors }: { data: unknown; errors?: unknown }) => resolve({ event: data, errors }),
      error: (error: unknown) => resolve({ error }),
    });
  });
  const settled = outcome.finally(() => {
    stopListening();
    subscription?.unsubscribe();
  });
  return { acknowledged: Promise.race([acknowledged, settled.then(() => undefined)]), outcome: settled };
}

describe('over HTTP', () => {
  it('allowed: the resolver sees resolverContext and util.authType()', async () => {
    expect(await query('allow-alice')).toEqual({ data: { lambdaMe: { authType: 'Lambda Authorization', context: '{"user":"alice"}', secret: 'not for everyone' } } });
  });

  it('denied, thrown, timed out: Amplify names the refusal Unauthorized', async () => {
    for (const token of ['deny-bob', 'throws-bob', 'slow-bob']) {
      const result = await query(token);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toMatchObject({ message: 'Unauthorized', originalError: { name: 'UnauthorizedException' } });
    }
  });

  it('deniedFields: those fields arrive null with an Unauthorized error, the rest as usual', async () => {
    const result = await query('denyfields-carol');
    expect(result.data).toEqual({ lambdaMe: { authType: 'Lambda Authorization', context: '{"user":"carol"}', secret: null } });
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access secret on type LambdaCaller' })]);
  });

  it('TTL: a cached token calls the function once; ttlOverride: 0 every time', async () => {
    for (let i = 0; i < 3; i++) await query('allow-dave');
    for (let i = 0; i < 3; i++) await query('nocache-dave');
    expect([authorizer.callsFor('allow-dave'), authorizer.callsFor('nocache-dave')]).toEqual([1, 3]);
  });
});

// The refusals run last: after an auth failure on the socket Amplify closes it to reconnect
// "with fresh tokens", and a subscription started meanwhile can wait on that reconnection.
describe('over the realtime websocket', () => {
  it('allowed: the subscription is acknowledged and receives the event', async () => {
    const sub = subscribe('allow-erin', 'amp-1');
    await sub.acknowledged;
    await h.post('mutation { putItem(id: "amp-1", name: "to erin") { id name } }');
    expect(await sub.outcome).toEqual({ event: { onItem: { id: 'amp-1', name: 'to erin' } } });
  });

  it('deniedFields inside an event: the field is null for that subscriber, with the Unauthorized error at its path; others see it', async () => {
    const denied = subscribe('nonames-ivan', 'amp-3');
    const allowed = subscribe('allow-ivan', 'amp-3');
    await Promise.all([denied.acknowledged, allowed.acknowledged]);
    await h.post('mutation { putItem(id: "amp-3", name: "secret name") { id name } }');
    expect(await denied.outcome).toEqual({
      event: { onItem: { id: 'amp-3', name: null } },
      errors: [expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access name on type Item', path: ['onItem', 'name'] })],
    });
    expect(await allowed.outcome).toEqual({ event: { onItem: { id: 'amp-3', name: 'secret name' } } });
  });

  it('TTL: the handshake and starts of a cached token call the function once; ttlOverride: 0 at each start', async () => {
    for (const token of ['allow-heidi', 'nocache-heidi']) {
      for (const n of [1, 2]) {
        const sub = subscribe(token, `amp-${token}-${n}`);
        await sub.acknowledged;
        await h.post(`mutation { putItem(id: "amp-${token}-${n}", name: "n") { id } }`);
        expect(await sub.outcome).toMatchObject({ event: { onItem: { id: `amp-${token}-${n}` } } });
      }
    }
    expect(authorizer.callsFor('allow-heidi')).toBe(1);
    expect(authorizer.callsFor('nocache-heidi')).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('denied, thrown, timed out: the subscription fails, naming Unauthorized', async () => {
    for (const token of ['deny-frank', 'throws-frank', 'slow-frank']) {
      const { error } = await subscribe(token, `amp-${token}`).outcome;
      expect(JSON.stringify(error)).toMatch(/Unauthorized/);
    }
  });

  it('deniedFields naming the subscription field: the start is refused', async () => {
    const { error } = await subscribe('nosubs-grace', 'amp-2').outcome;
    expect(JSON.stringify(error)).toMatch(/Not Authorized to access onItem on type Subscription|Unauthorized/);
  });

});
