/** Blob records by id, with BatchGetItem (100 keys a call), strongly consistent: the record is the truth. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BlobRecord } from '../blob-record.js';

const BATCH = 100;
const UNPROCESSED_RETRIES = 8;

export async function recordsById(
  client: DynamoDBDocumentClient,
  tableName: string,
  ids: readonly string[],
  o: { projection?: string[]; onCall?: () => void } = {},
): Promise<Map<string, BlobRecord>> {
  const found = new Map<string, BlobRecord>();
  const unique = [...new Set(ids)];
  const names = o.projection && Object.fromEntries(o.projection.map((n, i) => [`#p${i}`, n]));
  for (let i = 0; i < unique.length; i += BATCH) {
    let keys: Record<string, unknown>[] = unique.slice(i, i + BATCH).map((id) => ({ id }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) throw new Error(`BatchGetItem left ${keys.length} blob reads unprocessed`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      o.onCall?.();
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: keys, ConsistentRead: true, ...(names && { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }) },
          },
        }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.id), item as BlobRecord);
      keys = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}
