/**
 * Owner scoping with two signed-in users, A and B, on the real local stack: the unmodified
 * aws-amplify Auth (sign-up, confirmation with the pool's code, SRP sign-in) and API clients with
 * `authMode: 'userPool'`. Amplify keeps one session per token store, so each user has a store of
 * its own and the test switches the store before acting as that user.
 *
 * B cannot read, list, delete or hear about A's blob; A lists 25 blobs in pages of 10, newest
 * first, none missing or repeated; forged and foreign nextTokens are refused; imageUrl serves the
 * labelled version to A alone, even after a second PUT, and answers 404 once A deletes the blob; a
 * delete during labelling leaves no record.
 */
import { uploadKey } from '../../api/object-keys.js';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { installWebSocket } from '../../cli/websocket.js';
import { subscriptionAcknowledged } from '../support/amplify-client.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { objectVersions } from '../support/s3-versions.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { generateClient } from 'aws-amplify/api';
import { startHoldingWebhookReceiver } from '../support/webhook-receiver.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let versions: ReturnType<typeof objectVersions>;
type User = 'A' | 'B';
let u: Awaited<ReturnType<typeof signedInUsers<User>>>;
let users: typeof u.users;

beforeAll(async () => {
  stack = await startTestStack();
  versions = objectVersions(stack);
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A', 'B'] as const);
  users = u.users;
  expect(users.A.sub).not.toBe(users.B.sub);
}, 120_000);
afterAll(async () => {
  versions?.close();
  await stack?.close();
});

const FIELDS = 'id status owner imageUrl createdAt labels { name }';
type Row = Pick<Blob, 'id' | 'status' | 'owner' | 'imageUrl' | 'createdAt'> & { labels: Array<{ name: string }> | null };
type GraphQLFailure = { errors: Array<{ errorType: string; message: string }> };

/** One GraphQL call as `user` (Amplify reads that user's tokens from its store on every call). */
const call = <T>(user: User, query: string, variables: Record<string, unknown> = {}) => u.call<T>(user, query, variables);
const refusal = (user: User, query: string, variables: Record<string, unknown> = {}) => u.refusal(user, query, variables);
const as = (user: User) => u.as(user);
/** Subscriptions go through Amplify's client directly, as the signed-in user that as() chose. */
const subscriber = () => generateClient({ authMode: 'userPool' });

const create = async (user: User, input: Record<string, unknown> = {}) =>
  (await call<{ createBlob: { id: string; uploadUrl: string } }>(user, `mutation ($input: CreateBlobInput!) { createBlob(input: $input) { id uploadUrl } }`, { input })).createBlob;
const read = async (user: User, id: string) => (await call<{ blob: Row | null }>(user, `query ($id: ID!) { blob(id: $id) { ${FIELDS} } }`, { id })).blob;
const remove = async (user: User, id: string) => (await call<{ deleteBlob: Row | null }>(user, `mutation ($id: ID!) { deleteBlob(id: $id) { id owner } }`, { id })).deleteBlob;
const MY_BLOBS = `query ($limit: Int, $nextToken: String) { myBlobs(limit: $limit, nextToken: $nextToken) { items { ${FIELDS} } nextToken } }`;
const page = async (user: User, limit?: number, nextToken?: string | null) => (await call<{ myBlobs: { items: Row[]; nextToken: string | null } }>(user, MY_BLOBS, { limit, nextToken })).myBlobs;
const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'image/jpeg' } });
const settled = () => expect.poll(() => stack.pendingEvents(), { timeout: 60_000, interval: 50 }).toBe(0);
const labelled = (user: User, id: string) => expect.poll(async () => (await read(user, id))?.status, { timeout: 60_000, interval: 100 }).toMatch(/^(LABELLED|FAILED)$/);

/**
 * Subscribes as `user` and waits for the acknowledgement; `events` collects what arrives. A
 * subscription error fails the test at stop() (a filter that refuses B must do so silently).
 */
async function listen(user: User, id: string) {
  as(user);
  const events: Blob[] = [];
  const errors: unknown[] = [];
  const acknowledged = subscriptionAcknowledged((v) => v.id === id);
  const subscription = (subscriber().graphql({ query: `subscription ($id: ID!) { onBlobLabelled(id: $id) { id status owner } }`, variables: { id } }) as unknown as {
    subscribe(o: object): { unsubscribe(): void };
  }).subscribe({ next: ({ data }: { data: { onBlobLabelled: Blob } }) => events.push(data.onBlobLabelled), error: (e: unknown) => errors.push(e) });
  await acknowledged;
  return {
    events,
    stop: () => {
      subscription.unsubscribe();
      expect(errors).toEqual([]);
    },
  };
}

const messi = () => readFile(image('messi5.jpg'));
/** A blob of `user`'s own, uploaded and labelled: each test below has its own, so none passes on another's leftovers. */
async function labelledBlobOf(user: User) {
  const blob = await create(user);
  expect((await put(blob.uploadUrl, await messi())).status).toBe(200);
  await labelled(user, blob.id);
  return blob;
}

describe('A blob of user A', () => {
  // myBlobs below counts A's blobs exactly: these go once their tests are done.
  afterAll(async () => {
    for (const { id } of (await page('A', 100)).items) await remove('A', id);
  });

  it('records A as its owner', async () => {
    const ofA = await create('A');
    expect(await read('A', ofA.id)).toMatchObject({ id: ofA.id, status: 'PENDING_UPLOAD', owner: users.A.sub, imageUrl: null });
  });

  it('is heard about by A and not by B, who subscribed to the same id', async () => {
    const ofA = await create('A');
    const ofB = await create('B');
    const bOnA = await listen('B', ofA.id);
    const bOnOwn = await listen('B', ofB.id);
    const aOnA = await listen('A', ofA.id);
    expect((await put(ofA.uploadUrl, await messi())).status).toBe(200);
    await expect.poll(() => aOnA.events.length, { timeout: 60_000 }).toBe(1);
    expect(aOnA.events[0]).toMatchObject({ id: ofA.id, status: 'LABELLED', owner: users.A.sub });
    // B's own blob finishes after A's was announced: by the time B hears of it, it would have
    // heard of A's blob too, had the filter let it through.
    expect((await put(ofB.uploadUrl, await messi())).status).toBe(200);
    await expect.poll(() => bOnOwn.events.length, { timeout: 60_000 }).toBe(1);
    expect(bOnOwn.events[0]).toMatchObject({ id: ofB.id, owner: users.B.sub });
    expect(bOnA.events).toEqual([]);
    for (const s of [bOnA, bOnOwn, aOnA]) s.stop();
  });

  it('reads as null for B, exactly like an unknown id, while A and the API key see it', async () => {
    const ofA = await labelledBlobOf('A');
    expect(await read('B', ofA.id)).toBeNull();
    expect(await read('B', '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await read('A', ofA.id)).toMatchObject({ id: ofA.id, status: 'LABELLED', owner: users.A.sub });
    // The API key holds blobs by id (the seed's model): it sees the blob, never its image.
    const byKey = (await graphqlData(stack, `query ($id: ID!) { blob(id: $id) { id owner imageUrl } }`, { id: ofA.id })).blob;
    expect(byKey).toEqual({ id: ofA.id, owner: users.A.sub, imageUrl: null });
  });

  it('cannot be deleted by B (null, as for an unknown id): the record and every image version survive', async () => {
    const ofA = await labelledBlobOf('A');
    const versionsBefore = await versions.of(uploadKey(ofA.id, 'users'));
    expect(versionsBefore).toHaveLength(1);
    expect(await remove('B', ofA.id)).toBeNull();
    // What S3 holds, not only what the API answers: the record alone could survive a delete
    // that had already removed the image.
    expect(await versions.of(uploadKey(ofA.id, 'users'))).toEqual(versionsBefore);
    const after = await read('A', ofA.id);
    expect(after).toMatchObject({ id: ofA.id, status: 'LABELLED', owner: users.A.sub });
    const served = await fetch(after!.imageUrl!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(await messi())).toBe(true);
  });

  it('has an imageUrl for A that serves the labelled image, even after a second PUT to the upload URL', async () => {
    const ofA = await labelledBlobOf('A');
    const first = await read('A', ofA.id);
    expect(first?.imageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/blobs\.local\/.*versionId=/);
    expect((await put(ofA.uploadUrl, await readFile(image('fruits.jpg')))).status).toBe(200);
    await settled();
    const after = await read('A', ofA.id);
    expect(after?.labels).toEqual(first?.labels);
    const served = await fetch(after!.imageUrl!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(await messi())).toBe(true);
  });

  it('is deleted by A: the record and every image version go, the image URL answers 404, a second delete answers null', async () => {
    const ofA = await labelledBlobOf('A');
    const { imageUrl } = (await read('A', ofA.id))!;
    expect((await fetch(imageUrl!)).status).toBe(200);
    expect(await remove('A', ofA.id)).toEqual({ id: ofA.id, owner: users.A.sub });
    expect(await read('A', ofA.id)).toBeNull();
    expect(await versions.of(uploadKey(ofA.id, 'users'))).toEqual([]);
    expect((await fetch(imageUrl!)).status).toBe(404);
    expect(await remove('A', ofA.id)).toBeNull();
    expect((await page('A', 100)).items.map((b) => b.id)).not.toContain(ofA.id);
  });
});

describe('myBlobs', () => {
  const createdByA: string[] = [];

  it('lists A’s 25 blobs in pages of 10, newest first, none missing, none repeated, none of B’s', async () => {
    for (let i = 0; i < 25; i++) createdByA.push((await create('A')).id);
    const ofB = (await create('B')).id;

    const pages: Row[][] = [];
    let nextToken: string | null = null;
    do {
      const result: { items: Row[]; nextToken: string | null } = await page('A', 10, nextToken);
      pages.push(result.items);
      nextToken = result.nextToken;
    } while (nextToken);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const ids = pages.flat().map((b) => b.id);
    expect(new Set(ids).size).toBe(25);
    expect([...ids].sort()).toEqual([...createdByA].sort());
    expect(ids).not.toContain(ofB);
    const times = pages.flat().map((b) => b.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(pages.flat().every((b) => b.owner === users.A.sub)).toBe(true);

    const ofBListed = (await page('B', 100)).items;
    expect(ofBListed[0].id).toBe(ofB);
    expect(ofBListed.every((b) => b.owner === users.B.sub)).toBe(true);
  });

  it('defaults to 20 per page and refuses a limit outside 1–100', async () => {
    expect((await page('A')).items).toHaveLength(20);
    for (const limit of [0, 101, -1]) {
      expect(await refusal('A', MY_BLOBS, { limit })).toMatchObject({ errorType: 'BadRequest', message: `limit must be between 1 and 100; got ${limit}` });
    }
  });

  it('refuses a forged, altered or foreign nextToken with a clear error, never another user’s data', async () => {
    const { nextToken } = await page('A', 10);
    expect(nextToken).toBeTruthy();
    const invalid = { errorType: 'BadRequest', message: expect.stringContaining('The nextToken is not valid for this query') };
    // A's token presented by B: sealed by the same API, but its start key lies in A's partition.
    expect(await refusal('B', MY_BLOBS, { limit: 10, nextToken })).toMatchObject(invalid);
    const altered = `${nextToken!.slice(0, -3)}${nextToken!.endsWith('abc') ? 'xyz' : 'abc'}`;
    expect(await refusal('A', MY_BLOBS, { limit: 10, nextToken: altered })).toMatchObject(invalid);
    const forged = Buffer.from(JSON.stringify({ id: { S: createdByA[0] }, owner: { S: users.A.sub }, createdAt: { S: new Date().toISOString() } })).toString('base64');
    expect(await refusal('B', MY_BLOBS, { limit: 10, nextToken: forged })).toMatchObject(invalid);
    expect(await refusal('A', MY_BLOBS, { limit: 10, nextToken: 'not-a-token' })).toMatchObject(invalid);
  });

  it('is for user-pool callers only', async () => {
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query: MY_BLOBS, variables: {} }) });
    const body = (await res.json()) as GraphQLFailure;
    expect(body.errors[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access myBlobs on type Query' });
  });
});

describe('a delete by the owner that lands during labelling', () => {
  it('leaves no record behind once the labelling function finishes', async () => {
    // The webhook receiver holds the labelling function between its final write and the end of
    // its notification; A deletes the blob meanwhile.
    const receiver = await startHoldingWebhookReceiver();
    try {
      const blob = await create('A', { callbackUrl: receiver.url() });
      expect((await put(blob.uploadUrl, await messi())).status).toBe(200);
      await expect.poll(receiver.heldCount, { timeout: 60_000, interval: 50 }).toBe(1);
      expect(await remove('A', blob.id)).toMatchObject({ id: blob.id });
      receiver.release();
      await settled();
      expect(await read('A', blob.id)).toBeNull();
      expect((await page('A', 100)).items.map((b) => b.id)).not.toContain(blob.id);
    } finally {
      await receiver.close();
    }
  });
});
