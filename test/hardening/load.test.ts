/**
 * 300 blobs created and uploaded at once against the real local stack (loopback only): none
 * lost, each finishes exactly once, each subscriber hears exactly one event, and each callback
 * gets exactly one webhook message: one webhook-id, however many attempts a slow receiver made
 * necessary (delivery is at least once; a receiver deduplicates by webhook-id). A third are
 * photos, the rest are refused uploads of four kinds.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB, ON_BLOB_LABELLED } from '../support/operations.js';
import { image } from '../support/paths.js';
import { connectRealtime } from '../support/realtime-client.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait.js';

const BLOBS = 300;
/** AppSync allows 100 subscriptions per connection; spread over more sockets than the minimum. */
const SOCKETS = 4;

type Upload = { bytes: Buffer; expect: { status: 'LABELLED' } | { status: 'FAILED'; code: string } };

let stack: Awaited<ReturnType<typeof startTestStack>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  stack = await startTestStack({ labellerWorkers: 2 });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

async function uploads(): Promise<Upload[]> {
  const photos = await Promise.all(['chelsea.png', 'coffee.png', 'horse.png', 'fruits.jpg'].map((n) => readFile(image(n))));
  const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } }).png().toBuffer();
  const kinds: Upload[] = [
    { bytes: Buffer.from('plain text, not an image'), expect: { status: 'FAILED', code: 'INVALID_IMAGE' } },
    { bytes: await sharp({ create: { width: 200, height: 200, channels: 3, background: '#484' } }).gif().toBuffer(), expect: { status: 'FAILED', code: 'UNSUPPORTED_IMAGE_TYPE' } },
    { bytes: await readFile(image('truncated.jpg')), expect: { status: 'FAILED', code: 'INVALID_IMAGE' } },
    { bytes: tiny, expect: { status: 'FAILED', code: 'IMAGE_TOO_SMALL' } },
  ];
  // Every third upload is a photo; the refusals take turns in between.
  let photo = 0;
  let refusal = 0;
  return Array.from({ length: BLOBS }, (_, i) => (i % 3 === 0 ? { bytes: photos[photo++ % photos.length], expect: { status: 'LABELLED' } } : kinds[refusal++ % kinds.length]));
}

it(`${BLOBS} concurrent blobs: 0 lost, one transition, one event and one webhook message each`, async () => {
  const plan = await uploads();

  const created = await Promise.all(plan.map(async () => (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url() } })).createBlob as { id: string; uploadUrl: string }));
  const ids = created.map((c) => c.id);
  expect(new Set(ids).size).toBe(BLOBS);

  const auth = { host: new URL(stack.graphqlUrl).host, 'x-api-key': stack.apiKey };
  const ca = await readFile(stack.certPath);
  const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => connectRealtime(stack.realtimeUrl, auth, ca)));
  await Promise.all(sockets.map((s) => s.init()));
  const acks = await Promise.all(ids.map((id, i) => sockets[i % SOCKETS].start(id, ON_BLOB_LABELLED, { id }, auth)));
  expect(acks.every((a) => a.type === 'start_ack')).toBe(true);

  const puts = await Promise.all(created.map((c, i) => fetch(c.uploadUrl, { method: 'PUT', body: new Uint8Array(plan[i].bytes), headers: { 'content-type': 'image/jpeg' } })));
  expect(puts.map((p) => p.status).filter((s) => s !== 200)).toEqual([]);

  // ~30 s on a quiet 2-core machine; a busy one (the suite's other files, a CPU hog) can be 10× slower.
  const deadline = Date.now() + 900_000;
  const finals = new Map<string, Blob>();
  while (finals.size < BLOBS) {
    if (Date.now() > deadline) throw new Error(`${BLOBS - finals.size} blobs never finished`);
    await new Promise((r) => setTimeout(r, 500));
    const open = ids.filter((id) => !finals.has(id));
    const blobs = await Promise.all(open.map(async (id) => (await graphqlData(stack, BLOB, { id })).blob as Blob));
    for (const blob of blobs) if (blob.callbackDelivery?.delivered) finals.set(blob.id, blob);
  }
  // Let anything duplicated (an event or webhook sent twice) arrive before counting: every
  // handler has returned, and each socket has had a round trip since.
  await waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'every S3 event handled', timeoutMs: 120_000 });
  await Promise.all(sockets.map((s) => s.roundTrip()));

  const events = new Map<string, Array<{ status: string }>>();
  for (const socket of sockets) {
    for (const m of socket.messages.filter((m) => m.type === 'data')) {
      const event = m.payload.data.onBlobLabelled as { id: string; status: string };
      events.set(event.id, [...(events.get(event.id) ?? []), event]);
    }
  }
  const hooks = new Map<string, Set<string>>();
  const copies = new Map<string, number>();
  for (const hit of receiver.received) {
    const id = (JSON.parse(hit.body) as { blob_id: string }).blob_id;
    hooks.set(id, (hooks.get(id) ?? new Set()).add(String(hit.headers['webhook-id'])));
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }

  const wrong: string[] = [];
  ids.forEach((id, i) => {
    const blob = finals.get(id)!;
    const expected = plan[i].expect;
    if (blob.status !== expected.status) wrong.push(`${id}: ${blob.status}, expected ${expected.status}`);
    if (expected.status === 'FAILED' && blob.error?.code !== expected.code) wrong.push(`${id}: ${blob.error?.code}, expected ${expected.code}`);
    if (expected.status === 'LABELLED' && !(blob.labels && blob.labels.length > 0)) wrong.push(`${id}: no labels`);
    const heard = events.get(id) ?? [];
    if (heard.length !== 1 || heard[0].status !== blob.status) wrong.push(`${id}: ${heard.length} subscription events`);
    if (hooks.get(id)?.size !== 1) wrong.push(`${id}: ${hooks.get(id)?.size ?? 0} webhook messages`);
    // A copy per attempt that reached the receiver: a second one only after a timed-out first.
    if ((copies.get(id) ?? 0) > (blob.callbackDelivery?.attempts ?? 0)) wrong.push(`${id}: ${copies.get(id)} copies for ${blob.callbackDelivery?.attempts} delivery attempts`);
  });
  expect(wrong).toEqual([]);
  expect(hooks.size).toBe(BLOBS);

  for (const socket of sockets) socket.close();
}, 1_000_000);
