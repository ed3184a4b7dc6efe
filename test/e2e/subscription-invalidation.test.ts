/**
 * Subscription invalidation on the real local stack: deleteBlob calls
 * `extensions.invalidateSubscriptions`, onBlobLabelled sets the matching invalidation filter, and
 * the engine ends each subscription to the deleted blob with AppSync's `complete`. After it, an
 * event published for that blob reaches only a subscriber that started after the delete; the
 * invalidated ones hear nothing (checked by a round trip on their socket, not by waiting).
 * A subscription to another blob, and a delete that removed nothing, end nobody's subscription.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { CREATE_BLOB } from '../support/operations.js';
import { startTestStack } from '../support/local-stack.js';
import { connectRealtime, type Message } from '../support/realtime-client.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { iamPost } from '../support/sigv4-fetch.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let ca: Buffer;
let people: Awaited<ReturnType<typeof signedInUsers<'A' | 'B'>>>;

const SUBSCRIBE = 'subscription($id: ID!) { onBlobLabelled(id: $id) { id status owner } }';
const DELETE = 'mutation($id: ID!) { deleteBlob(id: $id) { id } }';
const host = () => new URL(stack.graphqlUrl).host;
const tokenOf = (name: 'A' | 'B') => people.users[name].storage.token('accessToken')!;

beforeAll(async () => {
  stack = await startTestStack();
  ca = await readFile(stack.certPath);
  installWebSocket(stack.certPath);
  people = await signedInUsers(stack, ['A', 'B'] as const);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function createBlobAs(name: 'A' | 'B'): Promise<string> {
  return (await people.call<{ createBlob: { id: string } }>(name, CREATE_BLOB, { input: { contentType: 'image/jpeg' } })).createBlob.id;
}

/** A socket with one acknowledged onBlobLabelled(id) subscription, as user A or with the API key. */
async function subscriber(blobId: string, as: 'A' | 'apiKey', id: string) {
  const auth: Record<string, string> = as === 'A' ? { Authorization: tokenOf('A'), host: host() } : { 'x-api-key': stack.apiKey, host: host() };
  const rt = await connectRealtime(stack.realtimeUrl, auth, ca);
  expect((await rt.init()).type).toBe('connection_ack');
  expect(await rt.start(id, SUBSCRIBE, { id: blobId }, auth)).toMatchObject({ id, type: 'start_ack' });
  return rt;
}

/** The labelling function's announcement of a finished blob, signed as the service (IAM). */
async function publishLabelled(blobId: string, owner: string) {
  const now = new Date().toISOString();
  const input = { id: blobId, status: 'LABELLED', features: ['LABELS'], labels: [], createdAt: now, updatedAt: now, owner };
  const res = await iamPost(stack.graphqlUrl, { query: 'mutation($i: PublishBlobLabelledInput!) { publishBlobLabelled(input: $i) { id status owner } }', variables: { i: input } }, stack.credentials);
  expect(await res.json()).toEqual({ data: { publishBlobLabelled: { id: blobId, status: 'LABELLED', owner } } });
}

const dataFor = (messages: Message[], id: string) => messages.filter((m) => m.id === id && m.type === 'data');

describe('deleteBlob invalidates the onBlobLabelled subscriptions to the deleted blob', () => {
  it('tells each subscriber with complete, then delivers nothing more to it', async () => {
    const blobId = await createBlobAs('A');
    const otherBlob = await createBlobAs('A');
    const owner = await subscriber(blobId, 'A', 'owner-sub');
    const capability = await subscriber(blobId, 'apiKey', 'api-key-sub');
    const bystander = await subscriber(otherBlob, 'A', 'other-blob-sub');

    expect(await people.call('A', DELETE, { id: blobId })).toEqual({ deleteBlob: { id: blobId } });
    expect(await owner.next((m) => m.id === 'owner-sub' && m.type !== 'ka')).toEqual({ id: 'owner-sub', type: 'complete' });
    expect(await capability.next((m) => m.id === 'api-key-sub' && m.type !== 'ka')).toEqual({ id: 'api-key-sub', type: 'complete' });

    // A subscriber that starts after the delete is not invalidated: its event proves the publish went out.
    const late = await subscriber(blobId, 'A', 'late-sub');
    await publishLabelled(blobId, people.users.A.sub);
    expect((await late.next((m) => m.id === 'late-sub' && m.type === 'data')).payload).toEqual({ data: { onBlobLabelled: { id: blobId, status: 'LABELLED', owner: people.users.A.sub } } });
    await owner.roundTrip();
    await capability.roundTrip();
    expect(dataFor(owner.messages, 'owner-sub')).toEqual([]);
    expect(dataFor(capability.messages, 'api-key-sub')).toEqual([]);

    // The subscription to the other blob was not ended and still hears its blob.
    await publishLabelled(otherBlob, people.users.A.sub);
    expect((await bystander.next((m) => m.id === 'other-blob-sub' && m.type === 'data')).payload.data.onBlobLabelled).toMatchObject({ id: otherBlob });
    expect(bystander.messages.filter((m) => m.type === 'complete')).toEqual([]);
    for (const rt of [owner, capability, bystander, late]) rt.close();
  }, 60_000);

  it('a delete that removed nothing (another user’s blob) ends nobody’s subscription', async () => {
    const blobId = await createBlobAs('A');
    const owner = await subscriber(blobId, 'A', 'kept-sub');
    expect(await people.call('B', DELETE, { id: blobId })).toEqual({ deleteBlob: null });
    await publishLabelled(blobId, people.users.A.sub);
    expect((await owner.next((m) => m.id === 'kept-sub' && m.type === 'data')).payload.data.onBlobLabelled).toMatchObject({ id: blobId });
    await owner.roundTrip();
    expect(owner.messages.filter((m) => m.type === 'complete')).toEqual([]);
    owner.close();
  }, 60_000);
});
