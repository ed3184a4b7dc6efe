/**
 * Every state change of a blob is one conditional write, so duplicated, replayed or late S3
 * events cannot move a blob backwards or finish it twice:
 *   PENDING_UPLOAD → PROCESSING → LABELLED | FAILED   (+ notifyPending until subscribers and the webhook are told)
 * Every write after creation requires the record to exist, so a blob deleted meanwhile stays deleted.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallbackDelivery } from '../../api/generated/graphql.js';
import type { BlobOutcome, BlobRecord } from './blob-record.js';

const lostRace = (error: unknown) => error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';

export function createBlobRepository(client: DynamoDBDocumentClient, tableName: string) {
  return {
    async create(record: BlobRecord): Promise<void> {
      await client.send(new PutCommand({ TableName: tableName, Item: record, ConditionExpression: 'attribute_not_exists(id)' }));
    },

    async get(id: string): Promise<BlobRecord | undefined> {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
      return out.Item as BlobRecord | undefined;
    },

    /** Starts (or restarts, after a crash) labelling; undefined when the blob is unknown or already finished. */
    async claimForLabelling(id: string, now: Date): Promise<BlobRecord | undefined> {
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id },
            UpdateExpression: 'SET #status = :processing, updatedAt = :now',
            ConditionExpression: 'attribute_exists(id) AND #status IN (:pending, :processing)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':processing': 'PROCESSING', ':pending': 'PENDING_UPLOAD', ':now': now.toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes as BlobRecord;
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },

    /**
     * The one final transition. Only the caller whose write lands gets the record back, and with
     * it the duty (and a lease) to notify.
     */
    async finish(id: string, outcome: BlobOutcome, now: Date, leaseMs: number, imageVersionId = 'null', derived: Pick<BlobRecord, 'image' | 'thumbnailKey' | 'thumbnailVersionId'> = {}): Promise<BlobRecord | undefined> {
      // The outcome's fields (labels, text, …, error), each under a placeholder name: some are reserved words.
      // The version analysed is recorded in the same write: a later PUT to the upload URL adds a
      // version nobody shows. (The status condition also fails on a deleted record.)
      // The thumbnail and photo details (when made) land in the same write as the outcome.
      const detail: Record<string, unknown> = { ...outcome.results, ...(outcome.status === 'FAILED' && { error: outcome.error }), ...derived, imageVersionId };
      const names = Object.keys(detail);
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id },
            UpdateExpression: `SET ${['#status = :status', ...names.map((_, i) => `#f${i} = :f${i}`), 'updatedAt = :now', 'notifyPending = :true', 'notifyLeaseUntil = :lease'].join(', ')}`,
            ConditionExpression: '#status = :processing',
            ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])) },
            ExpressionAttributeValues: {
              ':status': outcome.status,
              ...Object.fromEntries(names.map((name, i) => [`:f${i}`, detail[name] ?? null])),
              ':now': now.toISOString(),
              ':processing': 'PROCESSING',
              ':true': true,
              ':lease': now.getTime() + leaseMs,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes as BlobRecord;
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },

    /** Takes over a finished blob's notification whose notifier died (its lease ran out). */
    async takeOverNotification(id: string, now: Date, leaseMs: number): Promise<BlobRecord | undefined> {
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id },
            UpdateExpression: 'SET notifyLeaseUntil = :lease',
            ConditionExpression: 'notifyPending = :true AND (attribute_not_exists(notifyLeaseUntil) OR notifyLeaseUntil < :now)',
            ExpressionAttributeValues: { ':true': true, ':now': now.getTime(), ':lease': now.getTime() + leaseMs },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes as BlobRecord;
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },

    /** undefined when the blob was deleted meanwhile (an unconditional update would recreate it). */
    async completeNotification(id: string, delivery: CallbackDelivery | null, now: Date): Promise<BlobRecord | undefined> {
      try {
        const out = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { id },
            UpdateExpression: delivery ? 'SET callbackDelivery = :delivery, updatedAt = :now REMOVE notifyPending, notifyLeaseUntil' : 'SET updatedAt = :now REMOVE notifyPending, notifyLeaseUntil',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: delivery ? { ':delivery': delivery, ':now': now.toISOString() } : { ':now': now.toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes as BlobRecord;
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },

    /**
     * Deletes the record; with an owner, only if it is that owner's. Returns what was deleted,
     * or undefined when there was nothing (already deleted, or not the owner's).
     */
    async remove(id: string, owner: string | null): Promise<BlobRecord | undefined> {
      try {
        const out = await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { id },
            ConditionExpression: owner === null ? 'attribute_exists(id)' : '#owner = :owner',
            ExpressionAttributeNames: owner === null ? undefined : { '#owner': 'owner' },
            ExpressionAttributeValues: owner === null ? undefined : { ':owner': owner },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return out.Attributes as BlobRecord | undefined;
      } catch (error) {
        if (lostRace(error)) return undefined;
        throw error;
      }
    },
  };
}

export type BlobRepository = ReturnType<typeof createBlobRepository>;
