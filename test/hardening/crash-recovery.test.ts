/**
 * kill -9 of `npm start`, then `npm start` again on the same data directory.
 * - Inside the notification window, deterministically: the webhook receiver holds the request,
 *   so the process is known to sit between its final write and the end of its notification when
 *   it is killed. The restarted stack must take the notification over and deliver it, signed.
 * - While images are being labelled, wherever the kill lands: every uploaded blob still ends
 *   LABELLED or FAILED (none stuck), every record is whole, and every webhook is eventually
 *   delivered.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { graphqlData } from '../support/graphql.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { spawnStack } from '../support/stack-process.js';
import { startHoldingWebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait.js';
import { Webhook } from 'standardwebhooks';

const UPLOADS = ['chelsea.png', 'coffee.png', 'horse.png', 'astronaut.png', 'fruits.jpg', 'messi5.jpg', 'motorcycle_left.png', 'not-an-image.jpg', 'truncated.jpg'];
const ROUNDS = 2;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const finished = (b: Blob) => b.status === 'LABELLED' || b.status === 'FAILED';

/** S3 events on disk, not yet handled to the end (local/s3/outbox.ts: removed once the handler returns). */
const pendingEvents = async (dataDir: string) => (await readdir(join(dataDir, 's3', 'events', 'pending'))).filter((f) => f.endsWith('.json'));

it('a kill -9 while the webhook is in flight: the restarted stack takes the notification over and delivers it, signed', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-crash-window-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const receiver = await startHoldingWebhookReceiver();
  cleanups.push(receiver.close);
  let stack = await spawnStack({ dataDir });
  cleanups.push(() => stack.stop());
  const secret = (await readFile(join(dataDir, 'webhook-secret'), 'utf8')).trim();

  const { id, uploadUrl } = (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url('/crash') } })).createBlob;
  expect((await fetch(uploadUrl, { method: 'PUT', body: await readFile(image('horse.png')), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);

  // The receiver holds the request: the result is written (the record says LABELLED) and the
  // notification has not completed (no callbackDelivery). This is the window the kill must hit.
  await waitFor(() => (receiver.heldCount() === 1 ? true : undefined), { what: 'the webhook request held', timeoutMs: 120_000 });
  const inWindow = (await graphqlData(stack, BLOB, { id })).blob as Blob;
  expect(inWindow).toMatchObject({ id, status: 'LABELLED', callbackDelivery: null });
  expect(await pendingEvents(dataDir)).toHaveLength(1);
  await stack.kill9();
  expect(receiver.received).toHaveLength(1);

  receiver.stopHolding();
  stack = await spawnStack({ dataDir });
  // The S3 event is redelivered from disk; the handler refuses while the dead notifier's lease
  // lives, then takes the notification over. The event leaves the outbox only once its handler
  // has returned, so once the outbox is empty whatever the restarted stack sends has arrived.
  await waitFor(async () => ((await pendingEvents(dataDir)).length === 0 ? true : undefined), { what: 'the redelivered S3 event handled', timeoutMs: 240_000 });

  const resumed = receiver.received.slice(1);
  expect(resumed.length, `no webhook after the restart:\n${stack.output()}`).toBeGreaterThanOrEqual(1);
  const first = receiver.received[0];
  for (const hook of resumed) {
    expect(hook.path).toBe('/crash');
    // The same message again (same webhook-id, so receivers can deduplicate), signed with the stack's secret.
    expect(hook.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const body = new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as { blob_id: string; status: string; labels: unknown[] };
    expect(body).toMatchObject({ blob_id: id, status: 'LABELLED' });
    expect(body.labels).toEqual(JSON.parse(first.body).labels);
  }
  const after = (await graphqlData(stack, BLOB, { id })).blob as Blob;
  expect(after.callbackDelivery).toMatchObject({ delivered: true, lastStatusCode: 200 });
  expect({ ...after, callbackDelivery: null, updatedAt: null }).toEqual({ ...inWindow, updatedAt: null });
  await stack.stop();
  await receiver.close();
}, 400_000);

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
