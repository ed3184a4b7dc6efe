/**
 * searchBlobs over the inverted index: ALL is a leapfrog join of the names' streams, ANY their
 * union, both newest first. Every hit is then checked against its blob record (it exists, is
 * the caller's, is LABELLED and carries the names with the confidence asked): the index is a
 * hint that may lag or outlive its blob after a crash, never the answer. A page resumes below
 * the last blob examined, so ALL stays exact across pages whatever each stream's page size.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BlobRecord } from '../blob-record.js';
import { labelKeyOf } from './items.js';
import { recordsById } from './records.js';
import { LabelStream, nextInAll, nextInAny, type Hit } from './streams.js';
import { confidenceOf } from './terms.js';

export interface SearchQuery {
  owner: string;
  /** Normalized, distinct. */
  terms: string[];
  match: 'ALL' | 'ANY';
  minConfidence?: number;
  limit: number;
  /** Exclusive: the sort key of the last blob the previous page examined. */
  before?: string;
}

export interface SearchPage {
  items: BlobRecord[];
  /** Where the next page starts; undefined on the last page. */
  before?: string;
  /** DynamoDB calls made, by operation. */
  calls: { query: number; batchGet: number };
}

export async function searchIndex(client: DynamoDBDocumentClient, tableName: string, q: SearchQuery): Promise<SearchPage> {
  const calls = { query: 0, batchGet: 0 };
  const pageSize = Math.min(100, Math.max(10, q.limit + 1));
  const streams = q.terms.map(
    (term) => new LabelStream({ client, tableName, labelKey: labelKeyOf(q.owner, term), before: q.before, minConfidence: q.minConfidence, pageSize, onQuery: () => calls.query++ }),
  );
  const next = () => (q.match === 'ALL' ? nextInAll(streams) : nextInAny(streams));
  const items: BlobRecord[] = [];
  let last: string | undefined;
  while (items.length < q.limit) {
    const batch: Hit[] = [];
    while (batch.length < q.limit - items.length) {
      const hit = await next();
      if (!hit) break;
      batch.push(hit);
    }
    if (batch.length === 0) return { items, calls };
    const records = await recordsById(client, tableName, batch.map((h) => h.blobId), { onCall: () => calls.batchGet++ });
    for (const hit of batch) {
      const record = records.get(hit.blobId);
      if (record && matches(record, q)) items.push(record);
    }
    last = batch[batch.length - 1].sort;
  }
  // One more hit, unverified, tells whether a next page can exist (a leftover item at worst
  // gives an empty last page, never a wrong one).
  return { items, before: (await next()) ? last : undefined, calls };
}

function matches(record: BlobRecord, q: SearchQuery): boolean {
  if (record.owner !== q.owner || record.status !== 'LABELLED') return false;
  const carries = (term: string) => {
    const confidence = confidenceOf(record.labels, term);
    return confidence !== undefined && (q.minConfidence === undefined || confidence >= q.minConfidence);
  };
  return q.match === 'ALL' ? q.terms.every(carries) : q.terms.some(carries);
}
