/**
 * Amplify Storage uploads become blobs, on the real local stack with the unmodified aws-amplify:
 * Auth signs in and gets identity-pool credentials, the API client links the identity in IAM mode
 * (`linkStorageIdentity`) and hears `onBlobLabelled` as the user, and aws-amplify/storage (in a
 * process trusting the local certificate: fixtures/storage-steps.ts) uploads, lists, getUrls and
 * removes under `photos/<identity id>/`. The blob is the user's (myBlobs, searchBlobs), its options
 * come from the object's metadata, Storage's remove takes it away and deleteBlob takes the object;
 * an unlinked identity makes no blob; another identity gets S3's AccessDenied everywhere in the
 * first one's prefix; a 12 MB upload goes in parts and is labelled once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession } from 'aws-amplify/auth';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { storageBlobId } from '../../api/storage-blob-id.js';
import type { Blob } from '../../api/generated/graphql.js';
import { installWebSocket } from '../../cli/websocket.js';
import { failure } from '../support/failure.js';
import { startTestStack } from '../support/local-stack.js';
import { image, repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { iamPost } from '../support/sigv4-fetch.js';
import { waitFor } from '../support/wait.js';
import { subscriptionAcknowledged } from '../support/amplify-client.js';
import type { Step, StepsInput } from './fixtures/storage-steps.js';

type Name = 'alice' | 'bob';
let stack: Awaited<ReturnType<typeof startTestStack>>;
let users: Awaited<ReturnType<typeof signedInUsers<Name>>>;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let scratch: string;
const sessions = {} as Record<Name, { identityId: string; credentials: StepsInput['credentials'] }>;

const LINK = /* GraphQL */ `mutation { linkStorageIdentity { identityId owner } }`;
const ON_LABELLED = /* GraphQL */ `subscription ($id: ID!) { onBlobLabelled(id: $id) { id status owner features labels { name } error { code message } } }`;
const BLOB = /* GraphQL */ `query ($id: ID!) { blob(id: $id) { id status owner features contentType labels { name } error { code message } imageUrl thumbnailUrl } }`;
const MY_BLOBS = /* GraphQL */ `query { myBlobs(limit: 100) { items { id } } }`;
const SEARCH = /* GraphQL */ `query { searchBlobs(labels: ["person"]) { items { id } } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteBlob(id: $id) { id } }`;

const pathOf = (name: Name, file: string) => `${USER_STORAGE_PREFIX}${sessions[name].identityId}/${file}`;

/** Runs aws-amplify/storage as `name` in its own process; each step's result or S3's error. */
async function storage(name: Name, steps: Step[]): Promise<Array<{ ok?: unknown; error?: { name: string; message: string } }>> {
  const input: StepsInput = { endpoint: new URL(stack.s3TlsEndpoint).host, bucket: stack.bucketName, region: stack.region, ...sessions[name], steps };
  const run = await runProcess(process.execPath, ['--import', 'tsx', 'test/storage/fixtures/storage-steps.ts', JSON.stringify(input)], {
    cwd: repoRoot,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: stack.certPath },
    timeoutMs: 150_000,
  });
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

/**
 * Subscribes as the owner and waits for the acknowledgement, so no event is missed; `event` is the
 * first (wrapped: an async function returning a promise would wait for it).
 */
async function labelled(name: Name, id: string): Promise<{ event: Promise<Blob> }> {
  users.as(name);
  const client = generateClient({ authMode: 'userPool' });
  const acknowledged = subscriptionAcknowledged((v) => v.id === id);
  const event = new Promise<Blob>((resolve, reject) => {
    const subscription = (client.graphql({ query: ON_LABELLED, variables: { id } }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({
      next: ({ data }: { data: { onBlobLabelled: Blob } }) => {
        subscription.unsubscribe();
        resolve(data.onBlobLabelled);
      },
      error: reject,
    });
  });
  await acknowledged;
  return { event };
}

/** linkStorageIdentity as `name`, with the identity-pool credentials Amplify Auth holds for them. */
async function link(name: Name): Promise<{ identityId: string; owner: string }> {
  users.as(name);
  const answer = (await generateClient({ authMode: 'iam' }).graphql({ query: LINK })) as { data: { linkStorageIdentity: { identityId: string; owner: string } } };
  return answer.data.linkStorageIdentity;
}

const blob = async (name: Name, id: string) => (await users.call<{ blob: Blob | null }>(name, BLOB, { id })).blob;
const eventsSettled = () => waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'every bucket event handled', timeoutMs: 120_000 });
const detectLabelsCalls = (key: string) => proxy.calls.filter((c) => c.operation === 'DetectLabels' && (c.body.Image as { S3Object?: { Name?: string } })?.S3Object?.Name === key).length;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'blobs-storage-'));
  proxy = await startRekognitionProxy();
  stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url });
  proxy.forwardTo(stack.rekognitionEndpoint);
  installWebSocket(stack.certPath);
  users = await signedInUsers(stack, ['alice', 'bob']);
  for (const name of ['alice', 'bob'] as const) {
    users.as(name);
    const session = await fetchAuthSession();
    const c = session.credentials!;
    sessions[name] = { identityId: session.identityId!, credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken! } };
  }
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('linkStorageIdentity', () => {
  it("links the caller's identity to its user, from AppSync's ctx.identity (IAM with identity-pool credentials), idempotently", async () => {
    const first = await link('alice');
    expect(first).toEqual({ identityId: sessions.alice.identityId, owner: users.users.alice.sub });
    expect(await link('alice')).toEqual(first);
  });

  it('refuses an IAM caller that is no identity-pool user, and a user-pool caller (IAM only)', async () => {
    const answer = (await (await iamPost(stack.graphqlUrl, { query: LINK }, stack.credentials)).json()) as { errors?: Array<{ errorType: string }> };
    expect(answer.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect(await users.refusal('alice', LINK)).toMatchObject({ errorType: 'Unauthorized' });
  });
});

describe('an upload with aws-amplify/storage', () => {
  // Alice's identity is linked (idempotent: also when the link test above is filtered out); Bob's never is.
  beforeAll(() => link('alice'));

  it('becomes the linked user\'s blob: labelled, announced, listed, searchable; getUrl, list; remove takes the blob', async () => {
    const path = pathOf('alice', 'messi.jpg');
    const id = await storageBlobId(path);
    const { event } = await labelled('alice', id);
    const [upload] = await storage('alice', [{ op: 'upload', path, file: image('messi5.jpg'), contentType: 'image/jpeg', metadata: { features: 'LABELS,IMAGE_PROPERTIES', 'min-confidence': '60' } }]);
    expect(upload.ok).toMatchObject({ path });
    expect(await event).toMatchObject({ id, status: 'LABELLED', owner: users.users.alice.sub, features: ['LABELS', 'IMAGE_PROPERTIES'], error: null });
    expect((await event).labels!.map((l) => l.name)).toContain('Person');

    expect(await blob('alice', id)).toMatchObject({ id, owner: users.users.alice.sub, contentType: 'image/jpeg', imageUrl: expect.stringContaining('X-Amz-Signature'), thumbnailUrl: expect.stringContaining('X-Amz-Signature') });
    expect(await blob('bob', id)).toBeNull();
    expect((await users.call<{ myBlobs: { items: Array<{ id: string }> } }>('alice', MY_BLOBS)).myBlobs.items.map((b) => b.id)).toContain(id);
    expect((await users.call<{ myBlobs: { items: Array<{ id: string }> } }>('bob', MY_BLOBS)).myBlobs.items.map((b) => b.id)).not.toContain(id);
    await waitFor(async () => ((await users.call<{ searchBlobs: { items: Array<{ id: string }> } }>('alice', SEARCH)).searchBlobs.items.some((b) => b.id === id) ? true : undefined), { what: 'the blob in search' });

    const prefix = pathOf('alice', '');
    const [listed, url, removed] = await storage('alice', [{ op: 'list', path: prefix }, { op: 'getUrl', path }, { op: 'remove', path }]);
    expect(listed.ok).toEqual([{ path, size: (upload.ok as { size: number }).size }]);
    expect(url.ok).toEqual({ status: 200, size: (upload.ok as { size: number }).size });
    expect(removed.ok).toBe(path);
    // ObjectRemoved → the labeller: the blob goes, and so does it from the user's lists.
    await waitFor(async () => ((await blob('alice', id)) === null ? true : undefined), { what: 'the blob gone after remove' });
    expect((await users.call<{ myBlobs: { items: Array<{ id: string }> } }>('alice', MY_BLOBS)).myBlobs.items.map((b) => b.id)).not.toContain(id);
  });

  it("refuses what createBlob would refuse in the metadata: FAILED with createBlob's code and message", async () => {
    const path = pathOf('alice', 'bad-options.jpg');
    const id = await storageBlobId(path);
    const { event } = await labelled('alice', id);
    await storage('alice', [{ op: 'upload', path, file: image('messi5.jpg'), contentType: 'image/jpeg', metadata: { features: 'TEXT', 'max-labels': '5' } }]);
    expect(await event).toMatchObject({ id, status: 'FAILED', error: { code: 'BadRequest', message: 'maxLabels applies to LABELS, which is not in features' } });
  });

  it('deleteBlob removes the object from Storage too', async () => {
    const path = pathOf('alice', 'to-delete.jpg');
    const id = await storageBlobId(path);
    const { event } = await labelled('alice', id);
    await storage('alice', [{ op: 'upload', path, file: image('messi5.jpg'), contentType: 'image/jpeg' }]);
    expect((await event).status).toBe('LABELLED');
    expect(await users.call('alice', DELETE, { id })).toEqual({ deleteBlob: { id } });
    const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, forcePathStyle: true, credentials: stack.credentials });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: stack.bucketName, Key: path })))).toMatchObject({ name: 'NotFound' });
    s3.destroy();
    const [listed] = await storage('alice', [{ op: 'list', path: pathOf('alice', '') }]);
    expect((listed.ok as Array<{ path: string }>).map((i) => i.path)).not.toContain(path);
    await eventsSettled();
    expect(await blob('alice', id)).toBeNull();
  });

  it('of an identity linked to no user makes no blob (logged; the file stays the user\'s)', async () => {
    const path = pathOf('bob', 'unlinked.jpg');
    const [upload] = await storage('bob', [{ op: 'upload', path, file: image('messi5.jpg'), contentType: 'image/jpeg' }]);
    expect(upload.ok).toMatchObject({ path });
    // The outbox lets an event go only once the labeller has handled it.
    await eventsSettled();
    expect(await blob('bob', await storageBlobId(path))).toBeNull();
    expect(detectLabelsCalls(path)).toBe(0);
    const [listed] = await storage('bob', [{ op: 'list', path: pathOf('bob', '') }]);
    expect(listed.ok).toEqual([{ path, size: (upload.ok as { size: number }).size }]);
  });

  it('of 12 MB goes in parts and is labelled once', async () => {
    const file = join(scratch, 'noise.png');
    const side = 2048; // 2048² RGB noise, stored uncompressed: 12 MiB and more
    const pixels = Buffer.alloc(side * side * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
    await writeFile(file, await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer());
    const path = pathOf('alice', 'big.png');
    const id = await storageBlobId(path);
    const { event } = await labelled('alice', id);
    const [upload] = await storage('alice', [{ op: 'upload', path, file, contentType: 'image/png' }]);
    expect(upload.ok).toMatchObject({ path, eTag: expect.stringMatching(/-3"?$/) });
    expect((upload.ok as { size: number }).size).toBeGreaterThan(12 * 1024 * 1024);
    expect(await event).toMatchObject({ id, status: 'LABELLED', owner: users.users.alice.sub });
    await eventsSettled();
    expect(detectLabelsCalls(path)).toBe(1);
  }, 240_000);
});

describe("another identity in the first one's prefix", () => {
  beforeAll(() => link('alice'));

  it("cannot read, list, write or delete there: S3's 403 AccessDenied", async () => {
    const path = pathOf('alice', 'private.jpg');
    const id = await storageBlobId(path);
    const { event } = await labelled('alice', id);
    await storage('alice', [{ op: 'upload', path, file: image('messi5.jpg'), contentType: 'image/jpeg' }]);
    await event;
    // Amplify hands on S3's error code as the error's name (its 403 status is not exposed).
    const denied = { name: 'AccessDenied' };
    const results = await storage('bob', [
      { op: 'getUrl', path },
      { op: 'list', path: pathOf('alice', '') },
      { op: 'upload', path: pathOf('alice', 'from-bob.jpg'), file: image('messi5.jpg'), contentType: 'image/jpeg' },
      { op: 'remove', path },
    ]);
    // A HEAD's answer has no body (S3's too), so getUrl's existence check learns only the status, and Amplify names the error after it.
    expect(results[0].error).toMatchObject({ name: '403' });
    for (const result of results.slice(1)) expect(result.error).toMatchObject(denied);
    expect(await blob('alice', id)).toMatchObject({ id, status: 'LABELLED' });
  });
});
