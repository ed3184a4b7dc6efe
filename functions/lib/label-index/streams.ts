/**
 * One owner's blobs carrying one name, newest first, read from the byLabel index a page at a
 * time. `seek` skips ahead by asking DynamoDB for the part of the partition at or below a sort
 * key (a key condition, not a filter), so intersecting a rare name with a common one reads
 * pages near the rare name's hits only.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LABEL_INDEX } from '../../../api/blob-table.js';
import { blobIdOfSort } from './items.js';

export interface Hit {
  sort: string;
  blobId: string;
}

export interface StreamOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  labelKey: string;
  /** Exclusive upper bound: where the previous page stopped. */
  before?: string;
  minConfidence?: number;
  pageSize: number;
  /** Counts DynamoDB calls (docs/search.md states the cost; the tests check it). */
  onQuery?: () => void;
}

export class LabelStream {
  private buffer: Hit[] = [];
  private startKey: Record<string, unknown> | undefined;
  private exhausted = false;
  private bound: { op: '<' | '<='; value: string } | undefined;

  constructor(private readonly o: StreamOptions) {
    this.bound = o.before === undefined ? undefined : { op: '<', value: o.before };
  }

  async peek(): Promise<Hit | undefined> {
    while (this.buffer.length === 0 && !this.exhausted) await this.fill();
    return this.buffer[0];
  }

  shift(): void {
    this.buffer.shift();
  }

  /** Drops everything newer than `upTo`; re-queries from there when the buffer runs dry. */
  async seek(upTo: string): Promise<void> {
    while (this.buffer.length > 0 && this.buffer[0].sort > upTo) this.buffer.shift();
    if (this.buffer.length === 0 && !this.exhausted && (this.startKey !== undefined || this.bound === undefined || this.bound.value > upTo)) {
      this.bound = { op: '<=', value: upTo };
      this.startKey = undefined;
    }
  }

  private async fill(): Promise<void> {
    const o = this.o;
    o.onQuery?.();
    const out = await o.client.send(
      new QueryCommand({
        TableName: o.tableName,
        IndexName: LABEL_INDEX.name,
        KeyConditionExpression: this.bound ? `#k = :k AND #s ${this.bound.op} :s` : '#k = :k',
        ExpressionAttributeNames: { '#k': LABEL_INDEX.partitionKey, ...(this.bound && { '#s': LABEL_INDEX.sortKey }) },
        ExpressionAttributeValues: { ':k': o.labelKey, ...(this.bound && { ':s': this.bound.value }) },
        ScanIndexForward: false,
        Limit: o.pageSize,
        ExclusiveStartKey: this.startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const sort = String(item[LABEL_INDEX.sortKey]);
      if (o.minConfidence !== undefined && !(Number(item.confidence) >= o.minConfidence)) continue;
      this.buffer.push({ sort, blobId: typeof item.blobId === 'string' ? item.blobId : blobIdOfSort(sort) });
    }
    this.startKey = out.LastEvaluatedKey;
    if (!this.startKey) this.exhausted = true;
  }
}

/** The next blob every stream has (newest first): a leapfrog join on the shared sort key. */
export async function nextInAll(streams: LabelStream[]): Promise<Hit | undefined> {
  for (;;) {
    const heads = await Promise.all(streams.map((s) => s.peek()));
    if (heads.some((h) => h === undefined)) return undefined;
    const low = (heads as Hit[]).reduce((a, b) => (b.sort < a.sort ? b : a));
    if (heads.every((h) => h!.sort === low.sort)) {
      for (const s of streams) s.shift();
      return low;
    }
    await Promise.all(streams.map((s) => s.seek(low.sort)));
  }
}

/** The next blob any stream has (newest first), each blob once. */
export async function nextInAny(streams: LabelStream[]): Promise<Hit | undefined> {
  const heads = await Promise.all(streams.map((s) => s.peek()));
  const present = heads.filter((h): h is Hit => h !== undefined);
  if (present.length === 0) return undefined;
  const high = present.reduce((a, b) => (b.sort > a.sort ? b : a));
  streams.forEach((s, i) => {
    if (heads[i]?.sort === high.sort) s.shift();
  });
  return high;
}
