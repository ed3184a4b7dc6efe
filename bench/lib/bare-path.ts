/**
 * The labelling path's bare parts, each timed alone on the same stack, for
 * e2e_overhead_vs_bare_path: what the path cannot do without, so what the end-to-end time costs
 * beyond them is the stack's own overhead (the S3 event and its queue, the Rekognition stand-in's
 * HTTP and S3 read, the worker hand-off, the thumbnail).
 *
 * - one S3 PUT: PutObject of the same bytes, under a prefix that triggers nothing;
 * - the handler's DynamoDB writes, through the function's own modules, in its order: claim,
 *   finish with a real labelled outcome, the label index, the notification's completion;
 * - one websocket delivery: publishBlobLabelled, as the function signs it, → the subscriber's data message.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createPublisher } from '../../functions/lib/appsync-publisher.js';
import { publicBlob, type BlobRecord } from '../../functions/lib/blob-record.js';
import { createBlobRepository } from '../../functions/lib/blob-repository.js';
import { createLabelIndexWriter } from '../../functions/lib/label-index/writer.js';
import { ON_BLOB_LABELLED } from '../../test/support/operations.js';
import { connectRealtime } from '../../test/support/realtime-client.js';
import type { Step } from './metrics.js';
import type { BenchStack } from './stack.js';

/** Not uploads/ nor any prefix the bucket notifies on: the PUT stores bytes and fires nothing. */
const QUIET_PREFIX = 'bench-bare/';
const LEASE_MS = 60_000;

export interface BarePathTimes {
  putMs: number[];
  dynamodbWritesMs: number[];
  deliveryMs: number[];
}

/** For each labelled blob of the end-to-end run (its record reused as the outcome), the three parts once each. */
export async function measureBarePath(step: Step, stack: BenchStack, images: Array<{ bytes: Buffer }>, labelledIds: string[]): Promise<BarePathTimes> {
  const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const blobs = createBlobRepository(ddb, stack.tableName);
  const index = createLabelIndexWriter(ddb, stack.tableName);
  const publish = createPublisher({ graphqlUrl: stack.graphqlUrl, region: stack.region, credentials: stack.credentials });
  const auth = { host: new URL(stack.graphqlUrl).host, 'x-api-key': stack.apiKey };
  const realtime = await connectRealtime(stack.realtimeUrl, auth, await readFile(stack.certPath));
  await realtime.init();
  const times: BarePathTimes = { putMs: [], dynamodbWritesMs: [], deliveryMs: [] };
  try {
    for (const [i, labelledId] of labelledIds.entries()) {
      step(`Bare path: part ${i + 1}/${labelledIds.length} (PUT, DynamoDB writes, delivery)…`);
      const image = images[i % images.length];
      let t0 = performance.now();
      await s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: `${QUIET_PREFIX}${i}.jpg`, Body: image.bytes, ContentType: 'image/jpeg' }));
      times.putMs.push(performance.now() - t0);

      const labelled = await blobs.get(labelledId);
      if (labelled?.status !== 'LABELLED') throw new Error(`bare path: blob ${labelledId} is ${labelled?.status}, not LABELLED`);
      const id = randomUUID();
      const { labels, imageProperties, text, faces, moderationLabels, featureErrors } = labelled;
      await blobs.create({ ...pending(labelled), id });
      t0 = performance.now();
      await blobs.claimForLabelling(id, new Date());
      const finished = await blobs.finish(id, { status: 'LABELLED', results: { labels, imageProperties, text, faces, moderationLabels, featureErrors: featureErrors ?? null } }, new Date(), LEASE_MS);
      if (!finished) throw new Error(`bare path: ${id} was not finished`);
      await index.write(finished);
      await blobs.completeNotification(id, null, new Date());
      times.dynamodbWritesMs.push(performance.now() - t0);

      const subscription = `bare${i}`;
      const ack = await realtime.start(subscription, ON_BLOB_LABELLED, { id }, auth);
      if (ack.type !== 'start_ack') throw new Error(`bare path: subscription refused: ${JSON.stringify(ack)}`);
      t0 = performance.now();
      await publish(publicBlob(finished));
      await realtime.next((m) => m.id === subscription && m.type === 'data', 30_000);
      times.deliveryMs.push(performance.now() - t0);
      realtime.send({ id: subscription, type: 'stop' });
    }
    return times;
  } finally {
    realtime.close();
    s3.destroy();
    ddb.destroy();
  }
}

/** The record as createBlob left it: the state the handler's first write starts from. */
function pending(record: BlobRecord): BlobRecord {
  const { labels: _l, imageProperties: _p, text: _t, faces: _f, moderationLabels: _m, featureErrors: _e, ...rest } = record;
  return { ...rest, status: 'PENDING_UPLOAD' } as BlobRecord;
}
