/**
 * The blob repository's conditional writes, one by one, on the DynamoDB stand-in (dynalite, the
 * same wire protocol as DynamoDB): each transition lands only from the states it names, a lost
 * race returns undefined (never throws, never writes), and no write recreates a deleted record.
 * The notification lease is shown on its own here, on explicit clocks: no waiting.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobOutcome, BlobRecord } from '../../functions/lib/blob-record.js';
import { createBlobRepository, type BlobRepository } from '../../functions/lib/blob-repository.js';
import { ensureBlobTable } from '../../local/dynamodb/blob-table.js';
import { startLocalDynamoDB } from '../../local/dynamodb/index.js';

const TABLE = 'blobs';
let local: Awaited<ReturnType<typeof startLocalDynamoDB>>;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let repo: BlobRepository;

beforeAll(async () => {
  local = await startLocalDynamoDB({});
  client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  doc = DynamoDBDocumentClient.from(client);
  await ensureBlobTable(client, TABLE);
  repo = createBlobRepository(doc, TABLE);
});
afterAll(async () => {
  client?.destroy();
  await local?.close();
});

const T0 = new Date('2026-01-01T00:00:00.000Z');
const LEASE = 30_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const failed: BlobOutcome = { status: 'FAILED', error: { code: 'INVALID_IMAGE', message: 'not an image' } };
const labelled: BlobOutcome = { status: 'LABELLED', results: { labels: [{ name: 'Horse', confidence: 99, parents: ['Animal'], aliases: [], instances: [] }], featureErrors: [] } };

async function created(extra: Partial<BlobRecord> = {}): Promise<BlobRecord> {
  const record: BlobRecord = { id: randomUUID(), status: 'PENDING_UPLOAD', createdAt: T0.toISOString(), updatedAt: T0.toISOString(), expiresAt: 2_000_000_000, callbackUrl: 'https://example.com/hook', contentType: 'image/jpeg', ...extra };
  await repo.create(record);
  return record;
}

/** A blob whose labelling finished at T0 and whose notifier holds the lease until T0 + LEASE. */
async function finishedAtT0(outcome: BlobOutcome = failed): Promise<BlobRecord> {
  const { id } = await created();
  expect(await repo.claimForLabelling(id, T0)).toMatchObject({ id, status: 'PROCESSING' });
  const finished = await repo.finish(id, outcome, T0, LEASE, 'v1');
  expect(finished).toMatchObject({ id, notifyPending: true, notifyLeaseUntil: T0.getTime() + LEASE });
  return finished!;
}

describe('create, claim, finish', () => {
  it('create refuses an id that exists (and leaves the record as it was)', async () => {
    const record = await created();
    await expect(repo.create({ ...record, status: 'LABELLED' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await repo.get(record.id)).toEqual(record);
  });

  it('get is undefined for an unknown id', async () => {
    expect(await repo.get(randomUUID())).toBeUndefined();
  });

  it('claim moves PENDING_UPLOAD and PROCESSING (a restart) to PROCESSING, nothing else', async () => {
    const { id } = await created();
    expect(await repo.claimForLabelling(id, at(1))).toMatchObject({ id, status: 'PROCESSING', updatedAt: at(1).toISOString() });
    expect(await repo.claimForLabelling(id, at(2))).toMatchObject({ id, status: 'PROCESSING', updatedAt: at(2).toISOString() });
    expect(await repo.finish(id, failed, at(3), LEASE)).toBeDefined();
    expect(await repo.claimForLabelling(id, at(4))).toBeUndefined();
    expect((await repo.get(id))?.status).toBe('FAILED');
    expect(await repo.claimForLabelling(randomUUID(), at(5))).toBeUndefined();
  });

  it('claim does not create a record for an unknown id', async () => {
    const id = randomUUID();
    expect(await repo.claimForLabelling(id, T0)).toBeUndefined();
    expect(await repo.get(id)).toBeUndefined();
  });

  it('finish writes the outcome, the version and the lease, once, and only from PROCESSING', async () => {
    const { id } = await created();
    expect(await repo.finish(id, labelled, T0, LEASE)).toBeUndefined(); // still PENDING_UPLOAD
    await repo.claimForLabelling(id, T0);
    const finished = await repo.finish(id, labelled, at(10), LEASE, 'v7');
    expect(finished).toMatchObject({ status: 'LABELLED', labels: (labelled as { results: { labels: unknown } }).results.labels, imageVersionId: 'v7', updatedAt: at(10).toISOString(), notifyPending: true, notifyLeaseUntil: at(10).getTime() + LEASE });
    expect(finished?.error).toBeUndefined();
    expect(await repo.finish(id, failed, at(11), LEASE)).toBeUndefined();
    expect(await repo.get(id)).toEqual(finished);
  });

  it('a FAILED outcome records its error; an unversioned image is recorded as "null"', async () => {
    const { id } = await created();
    await repo.claimForLabelling(id, T0);
    expect(await repo.finish(id, failed, T0, LEASE)).toMatchObject({ status: 'FAILED', error: failed.status === 'FAILED' ? failed.error : null, imageVersionId: 'null' });
  });

  it('finish on a deleted record writes nothing', async () => {
    const { id } = await created();
    await repo.claimForLabelling(id, T0);
    expect(await repo.remove(id, null)).toMatchObject({ id });
    expect(await repo.finish(id, failed, T0, LEASE)).toBeUndefined();
    expect(await repo.get(id)).toBeUndefined();
  });
});

describe('the notification lease', () => {
  it('cannot be taken over while it lives, up to and including its last millisecond', async () => {
    const { id } = await finishedAtT0();
    expect(await repo.takeOverNotification(id, T0, LEASE)).toBeUndefined();
    expect(await repo.takeOverNotification(id, at(LEASE - 1), LEASE)).toBeUndefined();
    expect(await repo.takeOverNotification(id, at(LEASE), LEASE)).toBeUndefined();
    expect((await repo.get(id))?.notifyLeaseUntil).toBe(T0.getTime() + LEASE);
  });

  it('is taken over once it has run out, with a new lease from the taker\'s clock, and the record whole', async () => {
    const finished = await finishedAtT0();
    const taken = await repo.takeOverNotification(finished.id, at(LEASE + 1), 5_000);
    expect(taken).toEqual({ ...finished, notifyLeaseUntil: at(LEASE + 1).getTime() + 5_000 });
    // The new lease holds against the next taker until it, too, runs out.
    expect(await repo.takeOverNotification(finished.id, at(LEASE + 5_001), LEASE)).toBeUndefined();
    expect(await repo.takeOverNotification(finished.id, at(LEASE + 5_002), LEASE)).toMatchObject({ id: finished.id, notifyLeaseUntil: at(LEASE + 5_002).getTime() + LEASE });
  });

  it('two takers racing for a lapsed lease: exactly one wins', async () => {
    const { id } = await finishedAtT0();
    const results = await Promise.all([repo.takeOverNotification(id, at(LEASE + 1), LEASE), repo.takeOverNotification(id, at(LEASE + 1), LEASE)]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });

  it('a pending notification without a lease (a record from before leases) can be taken over', async () => {
    const { id } = await finishedAtT0();
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { id }, UpdateExpression: 'REMOVE notifyLeaseUntil' }));
    expect(await repo.takeOverNotification(id, T0, LEASE)).toMatchObject({ id, notifyPending: true, notifyLeaseUntil: T0.getTime() + LEASE });
  });

  it('nothing to take over once the notification is complete, or for a blob never finished, deleted or unknown', async () => {
    const done = await finishedAtT0();
    expect(await repo.completeNotification(done.id, null, at(1))).toBeDefined();
    expect(await repo.takeOverNotification(done.id, at(10 * LEASE), LEASE)).toBeUndefined();

    const { id: pending } = await created();
    expect(await repo.takeOverNotification(pending, at(10 * LEASE), LEASE)).toBeUndefined();

    const gone = await finishedAtT0();
    await repo.remove(gone.id, null);
    expect(await repo.takeOverNotification(gone.id, at(10 * LEASE), LEASE)).toBeUndefined();
    expect(await repo.get(gone.id)).toBeUndefined();

    expect(await repo.takeOverNotification(randomUUID(), at(10 * LEASE), LEASE)).toBeUndefined();
  });
});

describe('completing a notification', () => {
  it('records the delivery and clears the pending flag and the lease', async () => {
    const { id } = await finishedAtT0();
    const delivery = { delivered: true, attempts: 2, lastStatusCode: 200, lastError: null, lastAttemptAt: at(5).toISOString() };
    const done = await repo.completeNotification(id, delivery, at(6));
    expect(done).toMatchObject({ id, callbackDelivery: delivery, updatedAt: at(6).toISOString() });
    expect(done).not.toHaveProperty('notifyPending');
    expect(done).not.toHaveProperty('notifyLeaseUntil');
    expect(await repo.get(id)).toEqual(done);
  });

  it('without a webhook: clears the flag and the lease, records no delivery', async () => {
    const { id } = await finishedAtT0();
    const done = await repo.completeNotification(id, null, at(6));
    expect(done).toMatchObject({ id, updatedAt: at(6).toISOString() });
    expect(done).not.toHaveProperty('callbackDelivery');
    expect(done).not.toHaveProperty('notifyPending');
    expect(done).not.toHaveProperty('notifyLeaseUntil');
  });

  it('does not recreate a record deleted meanwhile', async () => {
    const { id } = await finishedAtT0();
    await repo.remove(id, null);
    expect(await repo.completeNotification(id, { delivered: true, attempts: 1, lastStatusCode: 200, lastError: null, lastAttemptAt: T0.toISOString() }, T0)).toBeUndefined();
    expect(await repo.completeNotification(id, null, T0)).toBeUndefined();
    expect(await repo.get(id)).toBeUndefined();
  });
});

describe('remove', () => {
  it('with an owner: only that owner\'s record goes, and what was deleted comes back', async () => {
    const record = await created({ owner: 'user-a' });
    expect(await repo.remove(record.id, 'user-b')).toBeUndefined();
    expect(await repo.get(record.id)).toEqual(record);
    expect(await repo.remove(record.id, 'user-a')).toEqual(record);
    expect(await repo.get(record.id)).toBeUndefined();
    expect(await repo.remove(record.id, 'user-a')).toBeUndefined();
  });

  it('an owner cannot remove a record that has none (API-key blobs)', async () => {
    const record = await created();
    expect(await repo.remove(record.id, 'user-a')).toBeUndefined();
    expect(await repo.get(record.id)).toEqual(record);
  });

  it('without an owner (IAM): any existing record; nothing for an unknown one', async () => {
    const record = await created({ owner: 'user-a' });
    expect(await repo.remove(record.id, null)).toEqual(record);
    expect(await repo.remove(record.id, null)).toBeUndefined();
    expect(await repo.remove(randomUUID(), null)).toBeUndefined();
  });
});

describe('errors other than a lost race', () => {
  it('are thrown, not taken for "nothing to do" (a missing table here)', async () => {
    const broken = createBlobRepository(doc, 'no-such-table');
    const notFound = { name: 'ResourceNotFoundException' };
    const id = randomUUID();
    await expect(broken.get(id)).rejects.toMatchObject(notFound);
    await expect(broken.claimForLabelling(id, T0)).rejects.toMatchObject(notFound);
    await expect(broken.finish(id, failed, T0, LEASE)).rejects.toMatchObject(notFound);
    await expect(broken.takeOverNotification(id, T0, LEASE)).rejects.toMatchObject(notFound);
    await expect(broken.completeNotification(id, null, T0)).rejects.toMatchObject(notFound);
    await expect(broken.remove(id, null)).rejects.toMatchObject(notFound);
    await expect(broken.remove(id, 'user-a')).rejects.toMatchObject(notFound);
  });
});
