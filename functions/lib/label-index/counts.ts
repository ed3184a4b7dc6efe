/**
 * myLabels: the owner's names and how many of its blobs carry each, most frequent first. All the
 * owner's index items are read (labelsByOwner), and the blobs they name are checked against
 * their records (exist, the owner's, LABELLED), so a leftover item is never counted; an item
 * written twice is one item (its key is the blob's and the name's), so nothing counts twice.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LABEL_OWNER_INDEX } from '../../../api/blob-table.js';
import type { LabelCount } from '../../../api/generated/graphql.js';
import { recordsById } from './records.js';

export async function labelCounts(client: DynamoDBDocumentClient, tableName: string, owner: string, limit: number): Promise<LabelCount[]> {
  const byName = new Map<string, { name: string; blobs: Set<string> }>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: LABEL_OWNER_INDEX.name,
        KeyConditionExpression: '#o = :o',
        ExpressionAttributeNames: { '#o': LABEL_OWNER_INDEX.partitionKey },
        ExpressionAttributeValues: { ':o': owner },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const key = String(item.labelKey);
      const entry = byName.get(key) ?? { name: String(item.labelName), blobs: new Set<string>() };
      entry.blobs.add(String(item.blobId));
      byName.set(key, entry);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);

  const blobIds = [...new Set([...byName.values()].flatMap((e) => [...e.blobs]))];
  const records = await recordsById(client, tableName, blobIds, { projection: ['id', 'owner', 'status'] });
  const live = (id: string) => {
    const record = records.get(id);
    return record !== undefined && record.owner === owner && record.status === 'LABELLED';
  };
  return [...byName.values()]
    .map((e) => ({ name: e.name, count: [...e.blobs].filter(live).length }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
