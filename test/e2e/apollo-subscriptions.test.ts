/**
 * Apollo's AppSync links against the real local stack: `@apollo/client` with
 * `aws-appsync-auth-link` (queries) and `aws-appsync-subscription-link` (AppSync's realtime
 * protocol), unmodified. Apollo adds `__typename` to every selection set and keys its cache by it;
 * AppSync answers it at every level of a subscription event, so does the engine: each nested
 * object of an onBlobLabelled event names its schema type, none arrives null.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { AUTH_TYPE, createAuthLink } from 'aws-appsync-auth-link';
import { createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { startTestStack } from '../support/local-stack.js';
import { connectRealtime } from '../support/realtime-client.js';
import { iamPost } from '../support/sigv4-fetch.js';
import { waitFor } from '../support/wait.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let apollo: ApolloClient;

const ON_LABELLED = gql`
  subscription OnLabelled($id: ID!) {
    onBlobLabelled(id: $id) {
      id
      status
      labels {
        name
        instances {
          confidence
          boundingBox {
            left
          }
        }
      }
      image {
        width
      }
      error {
        code
      }
    }
  }
`;

beforeAll(async () => {
  stack = await startTestStack();
  // Node 20 has no global WebSocket; the subscription link opens ws:// for an http:// URL, as it would any custom domain.
  installWebSocket(stack.certPath);
  const config = { url: stack.graphqlUrl, region: stack.region, auth: { type: AUTH_TYPE.API_KEY, apiKey: stack.apiKey } as const };
  // The links' typings name @apollo/client's CommonJS build and this file its ES module build: the
  // same classes at run time, two declarations to the compiler.
  const asLink = (link: unknown) => link as ApolloLink;
  apollo = new ApolloClient({
    link: ApolloLink.from([asLink(createAuthLink(config)), asLink(createSubscriptionHandshakeLink(config, new HttpLink({ uri: stack.graphqlUrl }) as never))]),
    cache: new InMemoryCache(),
  });
}, 120_000);

afterAll(async () => {
  apollo?.stop();
  await stack?.close();
});

/** The labelling function's announcement, signed as the service; labels nest three levels deep. */
async function publishLabelled(blobId: string) {
  const now = new Date().toISOString();
  const input = {
    id: blobId,
    status: 'LABELLED',
    features: ['LABELS'],
    labels: [{ name: 'Dog', confidence: 97, parents: ['Animal'], instances: [{ confidence: 90, boundingBox: { left: 0.1, top: 0.2, width: 0.3, height: 0.4 } }] }],
    image: { width: 640, height: 480, format: 'jpeg', sizeBytes: 1234 },
    createdAt: now,
    updatedAt: now,
  };
  const query = 'mutation($i: PublishBlobLabelledInput!) { publishBlobLabelled(input: $i) { id status labels { name confidence parents instances { confidence boundingBox { left top width height } } } image { width height format sizeBytes } } }';
  const res = await iamPost(stack.graphqlUrl, { query, variables: { i: input } }, stack.credentials);
  expect(res.status).toBe(200);
}

describe('subscription events carry __typename at every level', () => {
  it('Apollo, through aws-appsync-subscription-link, gets each nested object named by its type', async () => {
    const blobId = randomUUID();
    const events: unknown[] = [];
    const errors: unknown[] = [];
    const subscription = apollo.subscribe({ query: ON_LABELLED, variables: { id: blobId } }).subscribe({ next: (r) => events.push(r.data), error: (e) => errors.push(e) });
    // Apollo says nothing when its start is acknowledged: announce until the event arrives.
    const event = await waitFor(
      async () => {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        if (events.length) return events[0];
        await publishLabelled(blobId);
        return undefined;
      },
      { what: 'the onBlobLabelled event through Apollo', timeoutMs: 30_000, intervalMs: 200 },
    );
    subscription.unsubscribe();
    expect(event).toEqual({
      onBlobLabelled: {
        __typename: 'Blob',
        id: blobId,
        status: 'LABELLED',
        labels: [{ __typename: 'Label', name: 'Dog', instances: [{ __typename: 'LabelInstance', confidence: 90, boundingBox: { __typename: 'BoundingBox', left: 0.1 } }] }],
        image: { __typename: 'ImageDetails', width: 640 },
        error: null,
      },
    });
  }, 60_000);

  it('on the wire too, under aliases and in fragments', async () => {
    const blobId = randomUUID();
    const host = new URL(stack.graphqlUrl).host;
    const auth = { 'x-api-key': stack.apiKey, host };
    const rt = await connectRealtime(stack.realtimeUrl, auth, await readFile(stack.certPath));
    expect((await rt.init()).type).toBe('connection_ack');
    const query = 'subscription($id: ID!) { onBlobLabelled(id: $id) { kind: __typename ...L } } fragment L on Blob { labels { t: __typename instances { boundingBox { __typename } } } }';
    expect(await rt.start('typed', query, { id: blobId }, auth)).toMatchObject({ type: 'start_ack' });
    await publishLabelled(blobId);
    expect((await rt.next((m) => m.id === 'typed' && m.type === 'data')).payload).toEqual({
      data: { onBlobLabelled: { kind: 'Blob', labels: [{ t: 'Label', instances: [{ boundingBox: { __typename: 'BoundingBox' } }] }] } },
    });
    rt.close();
  });
});
