/**
 * "Upload to your storage" in Debian's Chromium against the real local stack: the page's
 * unmodified aws-amplify/storage `uploadData`, configured only by amplify_outputs.json (its
 * storage section, `custom.storage_endpoint`), signed with the identity pool's credentials, over
 * the local S3's TLS side. A photo arrives under the user's `photos/<identity id>/` prefix (and,
 * the panel having linked the identity, becomes the user's labelled blob) with
 * the progress bar at 100 %; the panel hears it labelled, the gallery (myBlobs) shows it, the
 * panel's list of stored files has it with a getUrl link serving its bytes, and Remove deletes the
 * object and, through ObjectRemoved, the blob; a 12 MB upload goes multipart, is paused and resumed and arrives
 * whole; a cancelled one leaves no object and its multipart upload is aborted. Each check reads
 * the bucket with the stack's admin S3 client, not through the page.
 *
 * The second part of each 12 MB upload is held (Playwright's route) until the test has pressed
 * Pause or Cancel, so the button always lands mid-upload, however fast the machine.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page, Request, Route } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { storageBlobId } from '../../api/storage-blob-id.js';
import { waitFor } from '../support/wait.js';
import { image, repoRoot } from '../support/paths.js';
import { signInThroughPage, startWebHarness, type WebHarness } from '../support/web-harness.js';
import { createConfirmedUser } from '../support/confirmed-user.js';

const artifacts = join(repoRoot, 'test-artifacts');
const PASSWORD = 'Correct-Horse-9';
const email = `web-storage-${process.pid}@example.com`;
const TWELVE_MB = 12 * 1024 * 1024;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let web: WebHarness;
let page: Page;
let s3: S3Client;
const bucket = () => web.stack.bucketName;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const panel = (state: string) => page.locator(`#storage-upload[data-state="${state}"]`).waitFor();
const percent = () => page.locator('#storage-percent').textContent();
/** The blob as the API key reads it (null once deleted). */
async function blobOf(id: string) {
  const res = await fetch(web.stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': web.stack.apiKey }, body: JSON.stringify({ query: 'query ($id: ID!) { blob(id: $id) { status owner } }', variables: { id } }) });
  return ((await res.json()) as { data: { blob: { status: string; owner: string } | null } }).data.blob;
}
/** A 12 MB file whose bytes differ per seed (not an image: the bytes are what is checked). */
const bigFile = (seed: number) => Buffer.from(new Uint8Array(TWELVE_MB).map((_, i) => (i * 31 + seed) % 253));
/** A PNG of 12 MB and more (2048² RGB noise, stored uncompressed): an upload that goes in three parts and is labelled. */
async function bigImage(): Promise<Buffer> {
  const side = 2048;
  const pixels = Buffer.alloc(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  expect(png.length).toBeGreaterThan(TWELVE_MB);
  return png;
}

beforeAll(async () => {
  web = await startWebHarness({ scratchPrefix: 'blobs-web-storage-' });
  const { stack } = web;
  s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
  await createConfirmedUser(stack, email, PASSWORD);
  await mkdir(artifacts, { recursive: true });

  page = await web.newPage({ viewport: { width: 1200, height: 900 }, defaultTimeout: 120_000 });
  expect(await page.locator('#storage-upload').isHidden()).toBe(true); // signed out: no identity, no storage
  await signInThroughPage(page, email, PASSWORD);
  await page.locator('#storage-upload:not([hidden])').waitFor();
}, 240_000);
afterAll(async () => {
  await page?.context().close();
  s3?.destroy();
  await web?.close();
});

/**
 * Holds the first request for part 2 of the next multipart upload until `release()`; later
 * attempts (a resume) pass. Also records the upload's id and key from CreateMultipartUpload.
 */
async function holdSecondPart() {
  let held: (() => void) | undefined;
  const arrived = new Promise<void>((resolve) => (held = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const attempts: Request[] = [];
  const isPart2 = (url: URL) => url.searchParams.get('partNumber') === '2';
  const handler = async (route: Route) => {
    attempts.push(route.request());
    if (attempts.length > 1) return route.continue();
    held!();
    await released;
    // Pause and Cancel abort the request the browser was sending: continuing it may then fail.
    await route.continue().catch(() => {});
  };
  await page.route(isPart2, handler);
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).searchParams.has('uploads'));
  return {
    arrived,
    release,
    attempts,
    created: created.then(async (r) => ({ key: decodeURIComponent(new URL(r.url()).pathname.split('/').slice(2).join('/')), uploadId: /<UploadId>([^<]+)<\/UploadId>/.exec(await r.text())![1] })),
    done: () => page.unroute(isPart2, handler),
  };
}

describe('Upload to your storage (Amplify Storage uploadData)', () => {
  it('is configured from amplify_outputs.json: the dotted local bucket and the TLS S3 as custom.storage_endpoint', () => {
    const { stack } = web;
    expect(stack.outputs.storage).toMatchObject({ bucket_name: stack.bucketName, buckets: [{ name: 'photos', paths: { 'photos/{entity_id}/*': { entityidentity: ['get', 'list', 'write', 'delete'] } } }] });
    // Amplify addresses a bucket path-style only when its name has a dot; 127.0.0.1 has no subdomains.
    expect(stack.bucketName).toContain('.');
    expect(stack.outputs.custom?.storage_endpoint).toBe(new URL(stack.s3TlsEndpoint).host);
  });

  it("uploads a photo into the user's own prefix, the progress bar reaching 100 %", async () => {
    await page.setInputFiles('#storage-file', image('messi5.jpg'));
    await panel('stored');
    expect(await percent()).toBe('100 %');
    expect(await page.locator('#storage-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBe(100);
    const path = (await page.locator('#storage-upload').getAttribute('data-path'))!;
    // The role may write only photos/<its own identity id>/, so a stored object there is the user's.
    expect(path).toMatch(new RegExp(`^${USER_STORAGE_PREFIX}us-east-1:${UUID}/${UUID}\\.jpg$`));
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: path }));
    expect(stored.ContentType).toBe('image/jpeg');
    expect(sha256(await stored.Body!.transformToByteArray())).toBe(sha256(await readFile(image('messi5.jpg'))));
    expect(await page.locator('#storage-status').textContent()).toBe(`Stored messi5.jpg as ${path}.`);
    // The panel linked the identity first, so the stored photo becomes a blob of the user, labelled.
    const id = await storageBlobId(path);
    const statusOf = () => blobOf(id);
    expect(await waitFor(async () => ((await statusOf())?.status === 'LABELLED' ? statusOf() : undefined), { what: 'the stored photo labelled', timeoutMs: 120_000 })).toMatchObject({ owner: expect.any(String) });
  });

  it("then: the labelled photo is in My images (myBlobs), listed with a getUrl link serving its bytes; Remove deletes the file and its blob", async () => {
    const path = (await page.locator('#storage-upload').getAttribute('data-path'))!;
    const id = await storageBlobId(path);
    // The panel heard onBlobLabelled (subscribed before uploading), and the gallery shows the blob.
    await page.locator(`#storage-upload[data-labelled="${id}"]`).waitFor();
    await page.locator(`#gallery-items li[data-blob-id="${id}"][data-status="LABELLED"]`).waitFor();
    // A fresh page lists it from myBlobs, and lists the prefix again.
    await page.reload();
    await page.locator('#app[data-auth="signed-in"]').waitFor();
    await page.locator(`#gallery-items li[data-blob-id="${id}"][data-status="LABELLED"]`).waitFor();
    const row = page.locator(`#storage-files-items li[data-path="${path}"]`);
    await row.waitFor();
    expect(await row.locator('a').textContent()).toBe(path.slice(path.lastIndexOf('/') + 1));
    await page.locator('#storage-upload').screenshot({ path: join(artifacts, 'web-storage-files.png') });

    // getUrl's presigned GET, fetched by the page across origins (the bucket's CORS rule).
    const href = (await row.locator('a').getAttribute('href'))!;
    expect(new URL(href).host).toBe(web.stack.outputs.custom?.storage_endpoint);
    const served = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const digest = await crypto.subtle.digest('SHA-256', await res.arrayBuffer());
      return { status: res.status, etag: res.headers.get('etag'), sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    }, href);
    expect(served).toMatchObject({ status: 200, etag: expect.stringMatching(/^"[0-9a-f]{32}"$/), sha256: sha256(await readFile(image('messi5.jpg'))) });

    await row.locator('button', { hasText: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    await page.locator(`#gallery-items li[data-blob-id="${id}"]`).waitFor({ state: 'detached' });
    expect(await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: path })).catch((e: Error) => e.name)).toBe('NotFound');
    // The ObjectRemoved event deletes the blob: gone from the API, and from a fresh page's myBlobs.
    await waitFor(async () => ((await blobOf(id)) === null ? true : undefined), { what: 'the removed file’s blob deleted', timeoutMs: 120_000 });
    await page.reload();
    await page.locator('#app[data-auth="signed-in"]').waitFor();
    await page.locator('#gallery[data-state="ready"]').waitFor();
    await page.locator('#storage-files[data-state="ready"]').waitFor();
    expect(await page.locator(`#gallery-items li[data-blob-id="${id}"]`).count()).toBe(0);
    expect(await page.locator(`#storage-files-items li[data-path="${path}"]`).count()).toBe(0);
  });

  it('pauses and resumes a 12 MB multipart upload, which arrives whole and is labelled', async () => {
    const hold = await holdSecondPart();
    const bytes = await bigImage();
    await page.setInputFiles('#storage-file', { name: 'big.png', mimeType: 'image/png', buffer: bytes });
    const { key, uploadId } = await hold.created;
    await hold.arrived;
    await page.locator('#storage-pause:not([disabled])').click();
    await panel('paused');
    hold.release();
    expect(await page.locator('#storage-resume').isEnabled()).toBe(true);
    await page.locator('#storage-upload').screenshot({ path: join(artifacts, 'web-storage-paused.png') });
    expect(await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: key })).catch((e: Error) => e.name)).toBe('NotFound'); // not complete while paused

    await page.locator('#storage-resume').click();
    await panel('stored');
    await hold.done();
    expect(await percent()).toBe('100 %');
    expect(await page.locator('#storage-upload').getAttribute('data-path')).toBe(key);
    // Part 2 was sent again after the resume, into the same multipart upload.
    expect(hold.attempts.length).toBeGreaterThanOrEqual(2);
    expect(hold.attempts.every((r) => new URL(r.url()).searchParams.get('uploadId') === uploadId)).toBe(true);
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    expect(stored.ETag).toMatch(/-3"$/); // three parts: 5 + 5 + 2 MB and more
    expect(stored.ContentLength).toBe(bytes.length);
    expect(sha256(await stored.Body!.transformToByteArray())).toBe(sha256(bytes));
    // One ObjectCreated, on Complete: the paused upload becomes one blob, labelled
    // (test/storage/storage-blobs.test.ts counts its one DetectLabels call).
    const id = await storageBlobId(key);
    await page.locator(`#storage-upload[data-labelled="${id}"]`).waitFor();
    expect(await blobOf(id)).toMatchObject({ status: 'LABELLED', owner: expect.any(String) });
  });

  it('cancels a 12 MB upload: no object, and the multipart upload aborted at S3', async () => {
    const hold = await holdSecondPart();
    await page.setInputFiles('#storage-file', { name: 'cancelled.jpg', mimeType: 'image/jpeg', buffer: bigFile(2) });
    const { key, uploadId } = await hold.created;
    await hold.arrived;
    const aborted = page.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).searchParams.get('uploadId') === uploadId);
    await page.locator('#storage-cancel').click();
    await panel('cancelled');
    expect((await aborted).status()).toBe(204);
    hold.release();
    await hold.done();
    expect(await page.locator('#storage-status').textContent()).toBe('Cancelled cancelled.jpg: nothing was kept.');
    await expect(s3.send(new ListPartsCommand({ Bucket: bucket(), Key: key, UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    const prefix = key.slice(0, key.lastIndexOf('/') + 1);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix }));
    expect((listed.Contents ?? []).map((o) => o.Key)).not.toContain(key);
  });
});
