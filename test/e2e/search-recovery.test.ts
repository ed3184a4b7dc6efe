/**
 * The index is a hint, the record the truth, with no transactions (dynalite has none):
 *   - the labeller's index writes are interrupted midway (a fault injected into the second of its
 *     BatchWriteItem calls, through a proxy in front of DynamoDB): search returns nothing wrong
 *     meanwhile, and once the S3 event is redelivered the blob is found by every name, counted once;
 *   - items left behind by a crash (their record deleted, or the item naming another user's blob
 *     under this user's key) are never returned nor counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NotificationInProgress } from '../../functions/label-blob/handler.js';
import type { BlobRecord } from '../../functions/lib/blob-record.js';
import { indexItemsOf } from '../../functions/lib/label-index/items.js';
import { bucketEvent } from '../../local/s3/event-record.js';
import { installWebSocket } from '../../cli/websocket.js';
import { chosenLabels, type ChosenLabel } from '../support/labelled-blobs.js';
import { startTestStack } from '../support/local-stack.js';
import { startAwsJsonProxy, startRekognitionProxy } from '../support/rekognition-proxy.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { waitFor } from '../support/wait.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let rekognition: Awaited<ReturnType<typeof startRekognitionProxy>>;
let dynamodbProxy: Awaited<ReturnType<typeof startAwsJsonProxy>>;
let u: Awaited<ReturnType<typeof signedInUsers<'A' | 'B'>>>;
let labelledBlob: ReturnType<typeof chosenLabels>['labelledBlob'];
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  rekognition = await startRekognitionProxy();
  dynamodbProxy = await startAwsJsonProxy();
  // A 5 s notification lease, so the failed event comes back in 10 s, not 35 (no webhooks here).
  stack = await startTestStack({ functionsRekognitionEndpoint: rekognition.url, functionsDynamodbEndpoint: dynamodbProxy.url, notifyLeaseSeconds: 5 });
  rekognition.forwardTo(stack.rekognitionEndpoint);
  dynamodbProxy.forwardTo(stack.dynamodbEndpoint);
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A', 'B'] as const);
  labelledBlob = chosenLabels(rekognition).labelledBlob;
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
}, 120_000);
afterAll(async () => {
  db?.destroy();
  await stack?.close();
  await rekognition?.close();
  await dynamodbProxy?.close();
});

const SEARCH = 'query ($labels: [String!]!, $match: LabelMatch) { searchBlobs(labels: $labels, match: $match, limit: 100) { items { id } nextToken } }';
const found = async (user: 'A' | 'B', labels: string[], match = 'ALL') => (await u.call<{ searchBlobs: { items: Array<{ id: string }> } }>(user, SEARCH, { labels, match })).searchBlobs.items.map((b) => b.id);
const counts = async (user: 'A' | 'B') => Object.fromEntries((await u.call<{ myLabels: Array<{ name: string; count: number }> }>(user, 'query { myLabels(limit: 500) { name count } }')).myLabels.map((c) => [c.name, c.count]));
const record = async (id: string) => (await db.send(new GetCommand({ TableName: stack.tableName, Key: { id }, ConsistentRead: true }))).Item as BlobRecord | undefined;
const settled = () => waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'all S3 events handled' });
const as = (user: 'A' | 'B') => (q: string, v?: Record<string, unknown>) => u.call<never>(user, q, v);

// 30 names: more than one BatchWriteItem (25 requests) of index items.
const many: ChosenLabel[] = Array.from({ length: 30 }, (_, i) => ({ name: `Thing${String(i).padStart(2, '0')}`, confidence: 70 + (i % 10) }));

it('an interrupted index write returns nothing wrong, and the redelivered event completes it, each blob counted once', async () => {
  const before = await labelledBlob(as('A'), [{ name: 'Thing00', confidence: 99 }, { name: 'Thing29', confidence: 99 }]);
  await settled();
  dynamodbProxy.fail('BatchWriteItem', { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'injected: the process died here' }, Infinity, 1);

  const cut = await labelledBlob(as('A'), many);
  // Both batches were tried (the second refused), and the record is finished with its
  // notification (index writes first) never completed.
  await waitFor(() => (dynamodbProxy.calls.filter((c) => c.operation === 'BatchWriteItem' && JSON.stringify(c.body).includes(cut.id)).length >= 2 ? true : undefined), { what: 'both index batches tried' });
  const stuck = await waitFor(async () => ((await record(cut.id))?.notifyPending ? await record(cut.id) : undefined), { what: 'the labeller interrupted' });
  expect(stuck).toMatchObject({ status: 'LABELLED', notifyPending: true });

  // Meanwhile: the first batch's names find it (the record is LABELLED and carries them), the
  // second batch's do not yet, and nothing else is returned.
  expect(await found('A', ['thing00'])).toEqual([cut.id, before.id]);
  expect(await found('A', ['thing29'])).toEqual([before.id]);
  expect(await found('A', ['thing00', 'thing29'])).toEqual([before.id]);
  expect(await counts('A')).toMatchObject({ Thing00: 2, Thing29: 1 });

  // Redelivery after the dead notifier's lease has run out (written directly: nothing waits for it).
  dynamodbProxy.heal();
  await db.send(new UpdateCommand({ TableName: stack.tableName, Key: { id: cut.id }, UpdateExpression: 'SET notifyLeaseUntil = :past', ExpressionAttributeValues: { ':past': 0 } }));
  const event = bucketEvent({ region: stack.region, bucket: stack.bucketName, key: cut.id, size: 1, etag: 'x', sequencer: '1', sourceIp: '127.0.0.1', principalId: 'test' });
  // The stack's own retry of the failed event may get there first: then this one is refused.
  await stack.handlers.labelBlob(event).catch((error) => {
    if (!(error instanceof NotificationInProgress)) throw error;
  });
  await waitFor(async () => ((await record(cut.id))?.notifyPending ? undefined : true), { what: 'the notification completed' });
  await settled();

  expect(await found('A', ['thing29'])).toEqual([cut.id, before.id]);
  expect(await found('A', ['thing00', 'thing29'])).toEqual([cut.id, before.id]);
  for (const label of many) expect(await found('A', [label.name])).toContain(cut.id);
  // The first batch was written twice (once per delivery): still one blob each.
  const after = await counts('A');
  expect(after).toMatchObject({ Thing00: 2, Thing29: 2, Thing15: 1 });
  // A third delivery changes nothing.
  await stack.handlers.labelBlob(event);
  expect(await counts('A')).toEqual(after);
});

it('never returns nor counts an item whose record is gone or is another user’s', async () => {
  const ofA = await labelledBlob(as('A'), [{ name: 'Orphaned', confidence: 90 }]);
  const ofB = await labelledBlob(as('B'), [{ name: 'Orphaned', confidence: 90 }]);
  await settled();
  expect(await found('A', ['orphaned'])).toEqual([ofA.id]);

  // A labeller that wrote its items after deleteBlob and died before its re-check leaves them
  // behind: here the record goes directly, the items stay.
  const itemsOfA = indexItemsOf((await record(ofA.id))!);
  await db.send(new DeleteCommand({ TableName: stack.tableName, Key: { id: ofA.id } }));
  expect((await db.send(new GetCommand({ TableName: stack.tableName, Key: { id: itemsOfA[0].id } }))).Item).toBeDefined();
  // And an item under A's key that names B's blob (what a bug or a forged write would leave).
  const [itemOfB] = indexItemsOf((await record(ofB.id))!);
  await db.send(new PutCommand({ TableName: stack.tableName, Item: { ...itemOfB, id: `${itemOfB.id}-forged`, labelKey: itemsOfA[0].labelKey, labelOwner: u.users.A.sub } }));

  expect(await found('A', ['orphaned'])).toEqual([]);
  expect(await found('A', ['orphaned', 'thing00'], 'ANY')).not.toContain(ofB.id);
  expect((await counts('A')).Orphaned).toBeUndefined();
  expect(await found('B', ['orphaned'])).toEqual([ofB.id]);
  expect((await counts('B')).Orphaned).toBe(1);
});
