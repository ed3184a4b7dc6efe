/**
 * Thumbnails and photo details, on the real local stack (IAM enforced) with two signed-in users
 * through the unmodified aws-amplify client. A's upload gets a WebP thumbnail at most 320 px on
 * its long side, turned upright by its EXIF orientation, with no metadata, stored under its own
 * key; thumbnailUrl serves it to A and is null for B (who cannot read the blob at all) and for
 * the API key; Blob.image carries the EXIF date and camera and never GPS; deleteBlob removes
 * every version of the thumbnail with the image.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailKey, uploadKey } from '../../api/object-keys.js';
import { installWebSocket } from '../../cli/websocket.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { objectVersions } from '../support/s3-versions.js';
import { signedInUsers } from '../support/signed-in-users.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let versions: ReturnType<typeof objectVersions>;
type User = 'A' | 'B';
let u: Awaited<ReturnType<typeof signedInUsers<User>>>;

beforeAll(async () => {
  stack = await startTestStack();
  versions = objectVersions(stack);
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A', 'B'] as const);
}, 120_000);
afterAll(async () => {
  versions?.close();
  await stack?.close();
});

const CREATE = /* GraphQL */ `mutation ($input: CreateBlobInput!) { createBlob(input: $input) { id uploadUrl } }`;
const READ = /* GraphQL */ `query ($id: ID!) { blob(id: $id) { id status thumbnailUrl imageUrl image { width height format sizeBytes takenAt cameraMake cameraModel } } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteBlob(id: $id) { id } }`;

const call = <T = any>(user: User, query: string, variables: Record<string, unknown> = {}) => u.call<T>(user, query, variables);

/** A creates a blob, uploads `bytes`, and waits until it is finished and its event handled. */
async function uploadAs(user: User, bytes: Buffer) {
  const { id, uploadUrl } = (await call(user, CREATE, { input: { contentType: 'image/jpeg' } })).createBlob;
  expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
  await expect.poll(async () => (await call(user, READ, { id })).blob?.status, { timeout: 120_000, interval: 100 }).toMatch(/^(LABELLED|FAILED)$/);
  await expect.poll(() => stack.pendingEvents(), { timeout: 60_000, interval: 50 }).toBe(0);
  return { id, blob: (await call(user, READ, { id })).blob };
}

/** A real photo, stored sideways (600×400 pixels) with EXIF orientation 6 (shown rotated 90°: 400×600) and camera tags. */
async function sidewaysPhoto(): Promise<Buffer> {
  return sharp(await readFile(image('messi5.jpg')))
    .resize(600, 400, { fit: 'fill' })
    .withExif({ IFD0: { Make: 'TestCam', Model: 'Model 6', DateTime: '2024:05:06 07:08:09' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

describe('the owner’s thumbnail', () => {
  it('is a WebP at most 320 px long, upright by its EXIF orientation, with no metadata, under its own key', async () => {
    const photo = await sidewaysPhoto();
    expect((await sharp(photo).metadata()).orientation).toBe(6);
    const { id, blob } = await uploadAs('A', photo);
    expect(blob.status).toBe('LABELLED');
    expect(blob.thumbnailUrl).toMatch(new RegExp(`/${stack.bucketName}/${thumbnailKey(uploadKey(id, 'users'))}\\?`));

    const res = await fetch(blob.thumbnailUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const thumb = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    // Stored 600 wide and 400 high; shown (and thumbnailed) portrait: 320 high, 213 wide.
    expect(Math.max(meta.width!, meta.height!)).toBe(320);
    expect(meta.height).toBe(320);
    expect(meta.width).toBeLessThan(meta.height!);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(thumb.length).toBeLessThan(photo.length);
  });

  it('is null for everyone but the owner: B reads nothing, the API key gets no URL', async () => {
    const { id, blob } = await uploadAs('A', await readFile(image('fruits.jpg')));
    expect(blob.thumbnailUrl).toMatch(/^http/);
    expect((await call('B', READ, { id })).blob).toBeNull();
    expect((await graphqlData(stack, READ, { id })).blob).toMatchObject({ id, status: 'LABELLED', thumbnailUrl: null, imageUrl: null });
  });

  it('is removed, every version, with the blob', async () => {
    const { id, blob } = await uploadAs('A', await readFile(image('messi5.jpg')));
    const key = thumbnailKey(uploadKey(id, 'users'));
    expect(await versions.of(key)).toHaveLength(1);
    expect((await fetch(blob.thumbnailUrl)).status).toBe(200);
    expect((await call('A', DELETE, { id })).deleteBlob).toEqual({ id });
    expect(await versions.of(key)).toEqual([]);
    expect(await versions.of(uploadKey(id, 'users'))).toEqual([]);
    expect((await fetch(blob.thumbnailUrl)).status).toBe(404);
  });

  it('is not labelled itself: writing it raises no labelling (the trigger filters by upload prefix)', async () => {
    const before = (await call('A', /* GraphQL */ `query { myBlobs(limit: 100) { items { id } } }`)).myBlobs.items.length;
    await uploadAs('A', await readFile(image('fruits.jpg')));
    expect((await call('A', /* GraphQL */ `query { myBlobs(limit: 100) { items { id } } }`)).myBlobs.items.length).toBe(before + 1);
  });
});

describe('photo details (Blob.image)', () => {
  it('gives the size as shown, the format, the stored size, the EXIF date and camera, and never GPS', async () => {
    const photo = await sidewaysPhoto();
    const { blob } = await uploadAs('A', photo);
    expect(blob.image).toEqual({ width: 400, height: 600, format: 'jpeg', sizeBytes: photo.length, takenAt: '2024-05-06T07:08:09.000Z', cameraMake: 'TestCam', cameraModel: 'Model 6' });
    expect(JSON.stringify(blob)).not.toMatch(/GPS|48\.85|latitude/i);
  });

  it('is null where there is no EXIF, and given to the API key too (it is the blob’s data, not a URL)', async () => {
    const plain = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6' } }).png().toBuffer();
    const { id, uploadUrl } = (await graphqlData(stack, CREATE, { input: { contentType: 'image/png' } })).createBlob;
    expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(plain), headers: { 'content-type': 'image/png' } })).status).toBe(200);
    await expect.poll(async () => (await graphqlData(stack, READ, { id })).blob.status, { timeout: 120_000, interval: 100 }).toBe('LABELLED');
    expect((await graphqlData(stack, READ, { id })).blob.image).toEqual({ width: 300, height: 200, format: 'png', sizeBytes: plain.length, takenAt: null, cameraMake: null, cameraModel: null });
  });
});
