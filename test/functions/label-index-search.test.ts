/**
 * The search over the inverted index, on dynalite with the real table definition: 300 blobs of
 * one owner with names drawn so that some combinations are rare, every ALL and ANY query of one
 * to three names answered page by page (sizes 1 to 25) and compared with the answer computed from
 * the records themselves. Also what a page costs: one Query per name and one BatchGetItem.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BlobRecord } from '../../functions/lib/blob-record.js';
import { indexItemsOf } from '../../functions/lib/label-index/items.js';
import { searchIndex, type SearchQuery } from '../../functions/lib/label-index/search.js';
import { confidenceOf } from '../../functions/lib/label-index/terms.js';
import { ensureBlobTable, startLocalDynamoDB } from '../../local/dynamodb/index.js';

const TABLE = 'blobs';
const OWNER = 'owner-1';
const NAMES = ['Dog', 'Cat', 'Car', 'Tree', 'Boat'];
// Dog on every 2nd blob, Cat every 7th, Car every 11th, Tree every 13th, Boat on 3 blobs only: ALL of
// Cat and Car hits every 77th, far apart in both streams, so the join must skip across pages.
const carries = (name: string, i: number) => ({ Dog: i % 2 === 0, Cat: i % 7 === 0, Car: i % 11 === 0, Tree: i % 13 === 0, Boat: i === 5 || i === 150 || i === 299 })[name]!;
const confidence = (name: string, i: number) => 50 + ((i * (name.length + 3)) % 50);

let local: Awaited<ReturnType<typeof startLocalDynamoDB>>;
let db: DynamoDBDocumentClient;
const records: BlobRecord[] = [];

beforeAll(async () => {
  local = await startLocalDynamoDB({});
  const raw = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  await ensureBlobTable(raw, TABLE);
  db = DynamoDBDocumentClient.from(raw);
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 300; i++) {
    const labels = NAMES.filter((n) => carries(n, i)).map((name) => ({ name, confidence: confidence(name, i), parents: name === 'Dog' || name === 'Cat' ? ['Animal'] : [], aliases: [], instances: [] }));
    // Two blobs share a createdAt: the sort key's blob id keeps them apart and ordered.
    const createdAt = new Date(start + Math.floor(i / 2) * 2000 + (i % 2 === 0 ? 0 : 1000) * (i === 41 ? 0 : 1)).toISOString();
    records.push({ id: `blob-${String(i).padStart(3, '0')}`, status: 'LABELLED', owner: OWNER, labels, createdAt, updatedAt: createdAt, callbackUrl: null, contentType: 'image/jpeg', expiresAt: 0 });
  }
  const items: object[] = [...records, ...records.flatMap(indexItemsOf)];
  for (let i = 0; i < items.length; i += 25) await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
}, 60_000);
afterAll(async () => {
  db?.destroy();
  await local?.close();
});

/** The answer from the records alone, newest first. */
function expected(terms: string[], match: 'ALL' | 'ANY', min?: number): string[] {
  const hit = (r: BlobRecord, t: string) => {
    const c = confidenceOf(r.labels, t);
    return c !== undefined && (min === undefined || c >= min);
  };
  return records
    .filter((r) => (match === 'ALL' ? terms.every((t) => hit(r, t)) : terms.some((t) => hit(r, t))))
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .map((r) => r.id);
}

async function allPages(q: Omit<SearchQuery, 'owner' | 'before'>) {
  const ids: string[] = [];
  let before: string | undefined;
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(400);
    const page = await searchIndex(db, TABLE, { ...q, owner: OWNER, before });
    expect(page.items.length).toBeLessThanOrEqual(q.limit);
    ids.push(...page.items.map((r) => r.id));
    if (page.before === undefined) return ids;
    before = page.before;
  }
}

const combos = [['dog'], ['boat'], ['cat', 'car'], ['dog', 'cat'], ['animal', 'tree'], ['dog', 'car', 'tree'], ['boat', 'dog'], ['cat', 'animal', 'dog']];

it('answers every ALL and ANY query exactly, page after page, whatever the page size', async () => {
  for (const terms of combos) {
    for (const match of ['ALL', 'ANY'] as const) {
      const answer = expected(terms, match);
      // Page size 1 where the answer is short (every page is a round trip), larger ones everywhere.
      for (const limit of answer.length <= 30 ? [1, 4, 25] : [9, 25]) expect(await allPages({ terms, match, limit })).toEqual(answer);
    }
  }
});

it('applies minConfidence to the matched label, in both modes', async () => {
  for (const terms of [['dog'], ['animal'], ['cat', 'car'], ['dog', 'tree']]) {
    for (const match of ['ALL', 'ANY'] as const) expect(await allPages({ terms, match, limit: 7, minConfidence: 75 })).toEqual(expected(terms, match, 75));
  }
});

it('costs one Query per name and one BatchGetItem for a page of one name', async () => {
  const page = await searchIndex(db, TABLE, { owner: OWNER, terms: ['dog'], match: 'ALL', limit: 20 });
  expect(page.items).toHaveLength(20);
  expect(page.calls).toEqual({ query: 1, batchGet: 1 });
  const any = await searchIndex(db, TABLE, { owner: OWNER, terms: ['dog', 'cat'], match: 'ANY', limit: 10 });
  expect(any.calls).toEqual({ query: 2, batchGet: 1 });
});
