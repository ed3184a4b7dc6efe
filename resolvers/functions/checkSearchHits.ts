// searchBlobs with one plain name, step 2: the index is a hint, the record the truth. Each hit's
// record is read (BatchGetItem, strongly consistent) and returned only if it exists, is the
// caller's and is LABELLED, in the index's order; a leftover item costs a read, never a wrong answer.
import { runtime, util, type Context } from '@aws-appsync/utils';
import { API_TABLE_ENV } from '../../api/blob-table';
import type { QuerySearchBlobsArgs } from '../../api/generated/graphql';
import { asBlob } from '../lib/stored-blob';

/** What searchOneLabel found: the byLabel index's items (their projected attributes). */
type Hit = { blobId: string };
type StoredRecord = { id: string; owner?: string | null; status: string; features?: string[] | null };

export function request(ctx: Context<QuerySearchBlobsArgs>) {
  const found = ctx.prev.result;
  if (!ctx.stash.oneName) {
    runtime.earlyReturn(null);
  }
  if (found.hits.length === 0) {
    runtime.earlyReturn({ items: [], nextToken: found.nextToken });
  }
  ctx.stash.hits = found.hits;
  ctx.stash.nextToken = found.nextToken;
  const tables: Record<string, { keys: unknown[]; consistentRead: boolean }> = {};
  tables[ctx.env[API_TABLE_ENV]] = { keys: (found.hits as Hit[]).map((hit) => util.dynamodb.toMapValues({ id: hit.blobId })), consistentRead: true };
  return { operation: 'BatchGetItem', tables };
}

export function response(ctx: Context<QuerySearchBlobsArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const table = ctx.env[API_TABLE_ENV];
  if (ctx.result.unprocessedKeys[table].length > 0) {
    // Only under throttling; a page with holes would be a wrong answer.
    util.error('DynamoDB left some of the records unread; try again', 'Throttled');
  }
  const records: Record<string, StoredRecord> = {};
  for (const record of ctx.result.data[table] as Array<StoredRecord | null>) {
    if (record) {
      records[record.id] = record;
    }
  }
  const items: StoredRecord[] = [];
  for (const hit of ctx.stash.hits as Hit[]) {
    const record = records[hit.blobId];
    if (record && record.owner === ctx.stash.owner && record.status === 'LABELLED') {
      items.push(asBlob(record));
    }
  }
  return { items, nextToken: ctx.stash.nextToken };
}
