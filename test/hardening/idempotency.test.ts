/**
 * S3 events arrive at least once: duplicated, replayed, late. A blob must still finish once and
 * be announced once (one subscription event, one webhook), and a late event must change nothing.
 */
import { uploadKey } from '../../api/object-keys.js';
import { readFile } from 'node:fs/promises';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { NotificationInProgress } from '../../functions/label-blob/handler.js';
import { bucketEvent } from '../../local/s3/event-record.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB, ON_BLOB_LABELLED } from '../support/operations.js';
import { image } from '../support/paths.js';
import { connectRealtime } from '../support/realtime-client.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  stack = await startTestStack();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

const eventFor = (id: string): S3Event => bucketEvent({ region: stack.region, bucket: stack.bucketName, key: uploadKey(id, 'anonymous'), size: 1, etag: 'x', sequencer: '0', sourceIp: '127.0.0.1', principalId: 'test' });
const hooksFor = (id: string) => receiver.received.filter((h) => JSON.parse(h.body).blob_id === id);

async function watch(id: string) {
  const auth = { host: new URL(stack.graphqlUrl).host, 'x-api-key': stack.apiKey };
  const rt = await connectRealtime(stack.realtimeUrl.replace('localhost', '127.0.0.1'), auth, await readFile(stack.certPath));
  await rt.init();
  expect((await rt.start('w', ON_BLOB_LABELLED, { id }, auth)).type).toBe('start_ack');
  return { events: () => rt.messages.filter((m) => m.type === 'data'), roundTrip: () => rt.roundTrip(), close: () => rt.close() };
}

async function settle(id: string) {
  return waitFor(
    async () => {
      const blob = (await graphqlData(stack, BLOB, { id })).blob as Blob;
      return blob.callbackDelivery && stack.pendingEvents() === 0 ? blob : undefined;
    },
    { what: `blob ${id} settled`, timeoutMs: 120_000 },
  );
}

it('duplicate events racing the real one: one transition, one event, one webhook', async () => {
  const { id, uploadUrl } = (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url() } })).createBlob;
  const watcher = await watch(id);
  await fetch(uploadUrl, { method: 'PUT', body: await readFile(image('horse.png')), headers: { 'content-type': 'image/jpeg' } });
  // Two more deliveries of the same ObjectCreated event, at the same time as the real one. Each
  // either returns or says another invocation is announcing the blob (S3 redelivers it later);
  // any other failure is a failure of this test.
  const duplicates = await Promise.allSettled([stack.handlers.labelBlob(eventFor(id)), stack.handlers.labelBlob(eventFor(id))]);
  expect(duplicates.filter((d) => d.status === 'rejected' && !(d.reason instanceof NotificationInProgress)).map((d) => (d as PromiseRejectedResult).reason)).toEqual([]);
  const blob = await settle(id);
  // Every handler has returned (settle); any event they published is in before the round trip.
  await watcher.roundTrip();
  expect(blob.status).toBe('LABELLED');
  expect(hooksFor(id)).toHaveLength(1);
  expect(watcher.events()).toHaveLength(1);
  watcher.close();
});

it('a late replay of the event for a finished blob changes nothing', async () => {
  const { id, uploadUrl } = (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url() } })).createBlob;
  await fetch(uploadUrl, { method: 'PUT', body: await readFile(image('not-an-image.jpg')), headers: { 'content-type': 'image/jpeg' } });
  const before = await settle(id);
  const watcher = await watch(id);
  await stack.handlers.labelBlob(eventFor(id));
  await stack.handlers.labelBlob(eventFor(id));
  const after = (await graphqlData(stack, BLOB, { id })).blob as Blob;
  expect(after).toEqual(before);
  expect(hooksFor(id)).toHaveLength(1);
  await watcher.roundTrip();
  expect(watcher.events()).toHaveLength(0);
  watcher.close();
});

it('an event for an object no blob was created for is ignored', async () => {
  await expect(stack.handlers.labelBlob(eventFor('not-a-blob'))).resolves.toBeUndefined();
  expect((await graphqlData(stack, BLOB, { id: 'not-a-blob' })).blob).toBeNull();
});

it('a second upload to the same URL (a replayed PUT) does not relabel a finished blob', async () => {
  const { id, uploadUrl } = (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url() } })).createBlob;
  const put = () => fetch(uploadUrl, { method: 'PUT', body: Buffer.from('not an image'), headers: { 'content-type': 'image/jpeg' } });
  await put();
  const first = await settle(id);
  // The PUT answers once its event is in the outbox, so settle() waits for that event's handler.
  await put();
  await settle(id);
  expect((await graphqlData(stack, BLOB, { id })).blob).toEqual(first);
  expect(hooksFor(id)).toHaveLength(1);
});
