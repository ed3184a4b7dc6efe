/**
 * kill -9 of `npm start` while images are being labelled, then `npm start` again on the same
 * data directory: every uploaded blob still ends LABELLED or FAILED (none stuck), every record
 * is whole, and every webhook is eventually delivered.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { graphqlData } from '../support/graphql.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { spawnStack } from '../support/stack-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const UPLOADS = ['chelsea.png', 'coffee.png', 'horse.png', 'astronaut.png', 'fruits.jpg', 'messi5.jpg', 'motorcycle_left.png', 'not-an-image.jpg', 'truncated.jpg'];
const ROUNDS = 2;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const finished = (b: Blob) => b.status === 'LABELLED' || b.status === 'FAILED';

it('every uploaded blob ends LABELLED or FAILED after a kill -9 mid-labelling and a restart', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-crash-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const receiver = await startWebhookReceiver();
  cleanups.push(receiver.close);

  let stack = await spawnStack({ dataDir });
  cleanups.push(() => stack.stop());

  // Create every blob first, then upload them all at once: the labeller then has a backlog when
  // the kill comes (uploading one by one on a busy machine can let it keep up).
  const names = Array.from({ length: ROUNDS }, () => UPLOADS).flat();
  const created: Array<{ id: string; uploadUrl: string }> = [];
  for (const name of names) created.push((await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url(`/${name}`) } })).createBlob);
  const puts = await Promise.all(created.map(async ({ uploadUrl }, i) => (await fetch(uploadUrl, { method: 'PUT', body: await readFile(image(names[i])), headers: { 'content-type': 'image/jpeg' } })).status));
  expect(puts.filter((status) => status !== 200)).toEqual([]);
  const ids = created.map((c) => c.id);

  // The test means something only if the kill lands while work is still in flight.
  const before = await Promise.all(ids.map(async (id) => (await graphqlData(stack, BLOB, { id })).blob as Blob));
  const unfinished = before.filter((b) => !finished(b) || b.callbackDelivery === null);
  expect(unfinished.length).toBeGreaterThan(0);
  await stack.kill9();

  stack = await spawnStack({ dataDir });

  const deadline = Date.now() + 240_000;
  let after: Blob[] = [];
  for (;;) {
    after = await Promise.all(ids.map(async (id) => (await graphqlData(stack, BLOB, { id })).blob as Blob));
    if (after.every((b) => finished(b) && b.callbackDelivery?.delivered)) break;
    if (Date.now() > deadline) throw new Error(`stuck after restart: ${JSON.stringify(after.filter((b) => !finished(b) || !b.callbackDelivery?.delivered).map((b) => [b.id, b.status, b.callbackDelivery]))}\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  after.forEach((blob, i) => {
    const name = UPLOADS[i % UPLOADS.length];
    if (name === 'not-an-image.jpg' || name === 'truncated.jpg') {
      expect(blob.status, name).toBe('FAILED');
      expect(blob.error?.code, name).toMatch(/^[A-Z_]+$/);
      expect(blob.labels ?? null, name).toBeNull();
    } else {
      expect(blob.status, name).toBe('LABELLED');
      expect(blob.labels?.length, name).toBeGreaterThan(0);
      for (const label of blob.labels!) expect(label.confidence).toBeGreaterThanOrEqual(50);
    }
  });
  // At least once across a crash: a webhook sent just before the kill may be sent again, never zero times.
  for (const id of ids) expect(receiver.received.filter((h) => JSON.parse(h.body).blob_id === id).length, id).toBeGreaterThanOrEqual(1);
}, 400_000);
