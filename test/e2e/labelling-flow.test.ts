/**
 * The mission, end to end, offline: the aws-amplify client creates a blob, subscribes, uploads
 * a photo with a plain credential-less PUT, and gets labels by subscription, by query and by a
 * signed webhook. Failures (not an image, a corrupt image) end as FAILED through the same paths.
 */
import { readFile } from 'node:fs/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { configureAmplify, subscribeToLabelled } from '../support/amplify-client.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { runProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
let stack: Stack;
let receiver: Receiver;
let client: ReturnType<typeof configureAmplify>;

beforeAll(async () => {
  stack = await startTestStack();
  receiver = await startWebhookReceiver();
  client = configureAmplify(stack, 'apiKey');
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

async function createBlob(contentType = 'image/jpeg') {
  const result = (await client.graphql({ query: CREATE_BLOB, variables: { input: { contentType, callbackUrl: receiver.url() } } })) as { data: { createBlob: { id: string; uploadUrl: string; expiresAt: string } } };
  return result.data.createBlob;
}

const subscribe = (id: string) => subscribeToLabelled(client, id);

async function label(file: string, contentType: string) {
  const created = await createBlob(contentType);
  const { event } = await subscribe(created.id);
  // The seed's contract: a plain PUT with no credentials, only the content type that was signed.
  const upload = await fetch(created.uploadUrl, { method: 'PUT', body: await readFile(image(file)), headers: { 'content-type': contentType } });
  expect(upload.status).toBe(200);
  const pushed = await event;
  const queried = ((await client.graphql({ query: BLOB, variables: { id: created.id } })) as { data: { blob: Blob } }).data.blob;
  await receiver.waitFor((all) => all.some((h) => JSON.parse(h.body).blob_id === created.id));
  const hook = receiver.received.find((h) => JSON.parse(h.body).blob_id === created.id)!;
  return { created, pushed, queried, hook };
}

const names = (blob: Blob) => (blob.labels ?? []).map((l) => l.name);

describe('labelling a photo', () => {
  it('delivers labels by subscription, query and signed webhook (chelsea.png: an animal)', async () => {
    const { created, pushed, queried, hook } = await label('chelsea.png', 'image/png');

    expect(pushed.id).toBe(created.id);
    expect(pushed.status).toBe('LABELLED');
    const animal = pushed.labels!.find((l) => l.parents.includes('Animal'));
    expect(animal, `labels: ${names(pushed)}`).toBeDefined();
    expect(animal!.confidence).toBeGreaterThan(50);
    expect(animal!.instances.length).toBeGreaterThan(0);
    const box = animal!.instances[0].boundingBox;
    for (const v of [box.left, box.top, box.width, box.height]) expect(v).toBeGreaterThanOrEqual(0);
    expect(box.left + box.width).toBeLessThanOrEqual(1.0001);

    expect(queried.status).toBe('LABELLED');
    expect(queried.labels).toEqual(pushed.labels);

    // Standard Webhooks signature, verified as a receiver would.
    const body = new Webhook(stack.webhookSecret).verify(hook.body, hook.headers as Record<string, string>) as { blob_id: string; status: string; labels: Array<{ label: string; confidence: number; parents: string[] }> };
    expect(body).toEqual({
      blob_id: created.id,
      status: 'LABELLED',
      labels: pushed.labels!.map((l) => ({ label: l.name, confidence: l.confidence, parents: l.parents })),
    });
    expect(hook.headers['content-type']).toBe('application/json');
  });

  it('finds a person and a sports ball in messi5.jpg', async () => {
    const { pushed } = await label('messi5.jpg', 'image/jpeg');
    expect(pushed.status).toBe('LABELLED');
    expect(names(pushed)).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
  });

  it('records the webhook delivery on the blob', async () => {
    const created = await createBlob('image/png');
    const { event } = await subscribe(created.id);
    await fetch(created.uploadUrl, { method: 'PUT', body: await readFile(image('horse.png')), headers: { 'content-type': 'image/png' } });
    await event;
    await receiver.waitFor((all) => all.some((h) => JSON.parse(h.body).blob_id === created.id));
    const blob = await waitFor(
      async () => {
        const found = ((await client.graphql({ query: BLOB, variables: { id: created.id } })) as { data: { blob: Blob } }).data.blob;
        return found.callbackDelivery ? found : undefined;
      },
      { what: 'callbackDelivery recorded', intervalMs: 100 },
    );
    expect(blob.callbackDelivery).toMatchObject({ delivered: true, attempts: 1, lastStatusCode: 200, lastError: null });
  });

  it('accepts the seed example upload: curl -X PUT --data-binary @file -H "Content-Type: image/jpeg"', async () => {
    const created = await createBlob('image/jpeg');
    const { event } = await subscribe(created.id);
    const { stdout } = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '--data-binary', `@${image('messi5.jpg')}`, '-H', 'Content-Type: image/jpeg', created.uploadUrl]);
    expect(stdout).toBe('200');
    expect((await event).status).toBe('LABELLED');
  });
});

describe('failures are answers', () => {
  it.each([
    ['not-an-image.jpg', 'INVALID_IMAGE'],
    ['truncated.jpg', 'INVALID_IMAGE'],
  ])('%s ends FAILED with %s, told to subscribers, query and webhook', async (file, code) => {
    const { created, pushed, queried, hook } = await label(file, 'image/jpeg');
    expect(pushed.status).toBe('FAILED');
    expect(pushed.error?.code).toBe(code);
    expect(pushed.error?.message).toMatch(/\w/);
    expect(pushed.labels).toBeNull();
    expect(queried).toMatchObject({ status: 'FAILED', error: { code } });
    // Verified as a receiver would: a FAILED webhook is signed like a LABELLED one.
    expect(new Webhook(stack.webhookSecret).verify(hook.body, hook.headers as Record<string, string>)).toEqual({ blob_id: created.id, status: 'FAILED', error: { code, message: pushed.error!.message } });
    expect(hook.headers['content-type']).toBe('application/json');
  });
});
