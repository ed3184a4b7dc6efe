/**
 * The lease takeover through the labelling handler, on its own: a blob is finished with its
 * notification still pending, as a notifier that died between its final write and the webhook
 * leaves it. A redelivered S3 event must take the notification over once the lease has run out
 * (webhook signed and delivered, the flag cleared), and must refuse while it lives (S3 then
 * redelivers later) without sending anything. The states are written directly, so nothing waits
 * for a lease to run out.
 */
import { uploadKey } from '../../api/object-keys.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { NotificationInProgress } from '../../functions/label-blob/handler.js';
import { createBlobRepository, type BlobRepository } from '../../functions/lib/blob-repository.js';
import { bucketEvent } from '../../local/s3/event-record.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let dynamodb: DynamoDBClient;
let repo: BlobRepository;
beforeAll(async () => {
  stack = await startTestStack();
  receiver = await startWebhookReceiver();
  dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials });
  repo = createBlobRepository(DynamoDBDocumentClient.from(dynamodb), stack.tableName);
});
afterAll(async () => {
  dynamodb?.destroy();
  await receiver?.close();
  await stack?.close();
});

const eventFor = (id: string): S3Event => bucketEvent({ region: stack.region, bucket: stack.bucketName, key: uploadKey(id, 'anonymous'), size: 1, etag: 'x', sequencer: '0', sourceIp: '127.0.0.1', principalId: 'test' });
const hooksFor = (id: string) => receiver.received.filter((h) => JSON.parse(h.body).blob_id === id);
const ERROR = { code: 'INVALID_IMAGE', message: 'The upload is not an image.' };

/** A blob whose notifier wrote the result `finishedAgoMs` ago with a lease of `leaseMs`, then died. */
async function abandoned(finishedAgoMs: number, leaseMs: number) {
  const { id } = (await graphqlData(stack, CREATE_BLOB, { input: { callbackUrl: receiver.url('/lease') } })).createBlob;
  const now = Date.now();
  expect(await repo.claimForLabelling(id, new Date(now - finishedAgoMs))).toMatchObject({ id, status: 'PROCESSING' });
  const finished = await repo.finish(id, { status: 'FAILED', error: ERROR }, new Date(now - finishedAgoMs), leaseMs);
  expect(finished).toMatchObject({ notifyPending: true });
  return finished!;
}

it('a lapsed lease is taken over: the webhook goes out signed, and the notification is completed', async () => {
  const record = await abandoned(60_000, 30_000);
  await expect(stack.handlers.labelBlob(eventFor(record.id))).resolves.toBeUndefined();

  const hooks = hooksFor(record.id);
  expect(hooks).toHaveLength(1);
  expect(hooks[0].path).toBe('/lease');
  expect(hooks[0].headers['webhook-id']).toBe(`msg_${record.id}_FAILED`);
  expect(new Webhook(stack.webhookSecret).verify(hooks[0].body, hooks[0].headers as Record<string, string>)).toEqual({ blob_id: record.id, status: 'FAILED', error: ERROR });

  const stored = await repo.get(record.id);
  expect(stored).not.toHaveProperty('notifyPending');
  expect(stored).not.toHaveProperty('notifyLeaseUntil');
  const blob = (await graphqlData(stack, BLOB, { id: record.id })).blob as Blob;
  expect(blob).toMatchObject({ status: 'FAILED', error: ERROR, callbackDelivery: { delivered: true, attempts: 1, lastStatusCode: 200 } });

  // Done: a further redelivery changes nothing and sends nothing.
  await expect(stack.handlers.labelBlob(eventFor(record.id))).resolves.toBeUndefined();
  expect(hooksFor(record.id)).toHaveLength(1);
});

it('a live lease is left alone: the event is refused for redelivery, nothing is sent, the record is unchanged', async () => {
  const record = await abandoned(0, 600_000);
  await expect(stack.handlers.labelBlob(eventFor(record.id))).rejects.toBeInstanceOf(NotificationInProgress);
  expect(hooksFor(record.id)).toHaveLength(0);
  expect(await repo.get(record.id)).toEqual(record);
});
