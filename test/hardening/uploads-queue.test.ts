/**
 * S3 → SQS → labelBlob in the local runtime, with the pacing and redrive the template declares:
 * a failed message alone comes back (batchItemFailures), a throttled image is retried and ends
 * LABELLED, never FAILED, and an image throttled on every receive ends in the dead-letter queue
 * after maxReceiveCount receives, still not FAILED. The template's visibility timeout (6 × the
 * function timeout: minutes) is shortened to 1 s so a retry happens within the test.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { parseUploadKey } from '../../api/object-keys.js';
import { REKOGNITION_MAX_ATTEMPTS } from '../../functions/lib/clients.js';
import { bucketEvent } from '../../local/s3/event-record.js';
import type { CfnTemplate } from '../../local/template/types.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { synthesizedTemplate, writeTemplate } from '../support/template-edit.js';
import { waitFor } from '../support/wait.js';

const VISIBILITY_SECONDS = 20;
const MAX_RECEIVES = 3;
const THROTTLED = { status: 400, type: 'ProvisionedThroughputExceededException', message: 'The number of requests exceeded your throughput limit.' };

let stack: Awaited<ReturnType<typeof startTestStack>>;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let photo: Buffer;

function withRetries(template: CfnTemplate, visibilitySeconds: number, maxReceiveCount: number): CfnTemplate {
  const queues = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SQS::Queue' && r.Properties?.RedrivePolicy);
  expect(queues).toHaveLength(1);
  queues[0].Properties!.VisibilityTimeout = visibilitySeconds;
  (queues[0].Properties!.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount = maxReceiveCount;
  return template;
}

beforeAll(async () => {
  proxy = await startRekognitionProxy();
  const templateFile = await writeTemplate(withRetries(await synthesizedTemplate(), VISIBILITY_SECONDS, MAX_RECEIVES));
  stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url, templateFile });
  proxy.forwardTo(stack.rekognitionEndpoint);
  photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#3a6' } }).png().toBuffer();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

async function upload(features: string[]): Promise<string> {
  const { id, uploadUrl } = (await graphqlData(stack, CREATE_BLOB, { input: { features, contentType: 'image/png' } })).createBlob;
  expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(photo), headers: { 'content-type': 'image/png' } })).status).toBe(200);
  return id;
}
const blob = async (id: string) => (await graphqlData(stack, BLOB, { id })).blob as Blob;
/** The object key an S3 event names, decoded as the handler decodes it (events URL-encode keys, spaces as '+'). */
const eventKey = (event: { Records: Array<{ s3: { object: { key: string } } }> }) => decodeURIComponent(event.Records[0].s3.object.key.replace(/\+/g, ' '));

/** The calls made for blob `id`: its object's key is uploads/<class>/<id> (api/object-keys.ts). */
const callsFor = (operation: string, id: string) =>
  proxy.calls.filter((c) => c.operation === operation && parseUploadKey((c.body.Image as { S3Object?: { Name?: string } })?.S3Object?.Name ?? '')?.id === id);

it('the queue runs as the template declares: batch size, maximum concurrency, redrive', () => {
  expect(stack.uploadsQueue.source).toMatchObject({ functionName: 'labelBlob', reportBatchItemFailures: true, visibilityTimeoutSeconds: VISIBILITY_SECONDS, maxReceiveCount: MAX_RECEIVES });
  expect(stack.uploadsQueue.source.maxConcurrency).toBeGreaterThanOrEqual(2);
  expect(stack.uploadsQueue.source.queueArn).toMatch(/^arn:aws:sqs:us-east-1:000000000000:/);
});

it('the SQS entry reports only the message that failed; S3 test events are ignored', async () => {
  const record = (messageId: string, body: string) => ({ messageId, receiptHandle: 'r', body, attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: stack.uploadsQueue.source.queueArn, awsRegion: stack.region });
  const unknownBlob = bucketEvent({ region: stack.region, bucket: stack.bucketName, key: 'no-such-blob', size: 1, etag: 'x', sequencer: '0', sourceIp: '127.0.0.1', principalId: 'test' });
  const response = await stack.handlers.labelBlobFromQueue({
    Records: [record('test-event', JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: stack.bucketName })), record('garbage', 'not json'), record('no-records', '{}'), record('unknown-blob', JSON.stringify(unknownBlob))],
  });
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'garbage' }, { itemIdentifier: 'no-records' }] });
});

it('an image throttled past the SDK’s retries fails its message alone; it comes back after the visibility timeout and ends LABELLED, never FAILED', async () => {
  const before = stack.uploadsQueue.stats();
  // As many answers as the SDK makes attempts, so the record itself fails once.
  proxy.fail('DetectLabels', THROTTLED, REKOGNITION_MAX_ATTEMPTS);
  const id = await upload(['IMAGE_PROPERTIES']);
  const done = await waitFor(async () => {
    const b = await blob(id);
    return b.status === 'LABELLED' || b.status === 'FAILED' ? b : undefined;
  }, { what: 'the throttled blob finished', timeoutMs: 90_000 });
  expect(done.status).toBe('LABELLED');
  expect(callsFor('DetectLabels', id).map((c) => c.status)).toEqual([...Array(REKOGNITION_MAX_ATTEMPTS).fill(400), 200]);
  const after = stack.uploadsQueue.stats();
  // At least once: on a busy machine the successful receive itself can outlast the shortened
  // visibility timeout and come back once more, finding the blob finished (one 200 call above).
  expect(after.returned - before.returned).toBeGreaterThanOrEqual(1);
  expect(after.deadLettered).toBe(before.deadLettered);
  proxy.heal();
}, 120_000);

it('a message throttled on every receive goes to the dead-letter queue after maxReceiveCount receives, its blob not FAILED, while the others in its batches are labelled once', async () => {
  proxy.fail('DetectText', THROTTLED);
  const stuck = await upload(['TEXT']);
  const others = await Promise.all([upload(['IMAGE_PROPERTIES']), upload(['IMAGE_PROPERTIES'])]);
  await waitFor(() => (stack.uploadsQueue.deadLetters().length >= 1 ? true : undefined), { what: 'a dead-lettered message', timeoutMs: 150_000 });
  const [dead] = stack.uploadsQueue.deadLetters();
  expect(parseUploadKey(eventKey(JSON.parse(dead.body)))?.id).toBe(stuck);
  expect(dead.receiveCount).toBe(stack.uploadsQueue.source.maxReceiveCount);
  // Each receive, the SDK's attempts. The last receive's invocation may still be in its backoff
  // when the message is dead-lettered (its visibility ran out first, on a busy machine): wait
  // for its last attempt, then count. Nothing else can call any more: the message is gone.
  await waitFor(() => (callsFor('DetectText', stuck).length >= MAX_RECEIVES * REKOGNITION_MAX_ATTEMPTS ? true : undefined), { what: 'every receive’s attempts made' });
  expect(callsFor('DetectText', stuck)).toHaveLength(MAX_RECEIVES * REKOGNITION_MAX_ATTEMPTS);
  expect((await blob(stuck)).status).toBe('PROCESSING');
  // The outbox keeps it durably too, in its dead-letter folder.
  await waitFor(async () => ((await readdir(join(stack.dataDir, 's3', 'events', 'dead-letter'))).length === 1 ? true : undefined), { what: 'the outbox dead-letter file' });
  const deadFile = (await readdir(join(stack.dataDir, 's3', 'events', 'dead-letter')))[0];
  expect(parseUploadKey(eventKey(JSON.parse(await readFile(join(stack.dataDir, 's3', 'events', 'dead-letter', deadFile), 'utf8'))))?.id).toBe(stuck);
  for (const id of others) {
    expect((await blob(id)).status).toBe('LABELLED');
    expect(callsFor('DetectLabels', id).map((c) => c.status)).toEqual([200]);
  }
  proxy.heal();
}, 200_000);
