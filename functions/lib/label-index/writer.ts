/**
 * Keeps the inverted index in step with its blob, without transactions (dynalite has none):
 *   - labelled: the items are put (idempotent: same keys, same values), then the record is read
 *     again; if a deleteBlob ran meanwhile, the items just written are taken out again.
 *   - deleted: the items go first, then the record, so no item outlives its record except
 *     through a crash in the labeller's window above.
 * The record stays the truth either way: searchBlobs and myLabels check every hit against it,
 * so a leftover item can cost a read but never return a deleted or foreign blob.
 */
import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BlobRecord } from '../blob-record.js';
import { indexItemsOf, type LabelIndexItem } from './items.js';

/** BatchWriteItem's limit per call. */
const BATCH = 25;
const UNPROCESSED_RETRIES = 8;

type WriteRequest = { PutRequest: { Item: LabelIndexItem } } | { DeleteRequest: { Key: { id: string } } };

export function createLabelIndexWriter(client: DynamoDBDocumentClient, tableName: string) {
  async function batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending = requests.slice(i, i + BATCH);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) throw new Error(`BatchWriteItem left ${pending.length} label index writes unprocessed`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      }
    }
  }

  const deletes = (items: LabelIndexItem[]): WriteRequest[] => items.map((item) => ({ DeleteRequest: { Key: { id: item.id } } }));

  return {
    /** Indexes a finished blob (nothing for an anonymous or failed one). Safe to repeat. */
    async write(record: BlobRecord): Promise<number> {
      const items = indexItemsOf(record);
      if (items.length === 0) return 0;
      await batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
      const now = await client.send(new GetCommand({ TableName: tableName, Key: { id: record.id }, ConsistentRead: true, ProjectionExpression: 'id' }));
      if (!now.Item) {
        // Deleted while we wrote: its deleteBlob found no items to remove yet, so remove ours.
        await batchWrite(deletes(items));
        return 0;
      }
      return items.length;
    },

    /** Removes a blob's items; call before deleting its record. */
    async remove(record: BlobRecord): Promise<number> {
      const items = indexItemsOf(record);
      await batchWrite(deletes(items));
      return items.length;
    },
  };
}

export type LabelIndexWriter = ReturnType<typeof createLabelIndexWriter>;
