/**
 * searchBlobs and myLabels on the real local stack, two signed-in users (Amplify Auth and API
 * clients), 30 + 5 blobs labelled through the real flow with labels the test chooses:
 *   A's blob i: Dog (90 if i%4==0, else 60; parents Animal, Mammal; alias Canine) when i is even,
 *               Cat (80; parents Animal, Mammal) when i%3==0, Car (95; parent Vehicle) when i%5==0.
 *   B's blobs:  Dog and Cat, all of them.
 * Expected answers are computed from that table and the records' createdAt, never hard-coded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { chosenLabels, type ChosenLabel } from '../support/labelled-blobs.js';
import { startTestStack } from '../support/local-stack.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { waitFor } from '../support/wait.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
type Users = Awaited<ReturnType<typeof signedInUsers<'A' | 'B'>>>;
let stack: Stack;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let u: Users;
const blobsOf: Record<'A' | 'B', Array<{ id: string; createdAt: string; i: number }>> = { A: [], B: [] };

const dog = (confidence: number): ChosenLabel => ({ name: 'Dog', confidence, parents: ['Animal', 'Mammal'], aliases: ['Canine'] });
const cat: ChosenLabel = { name: 'Cat', confidence: 80, parents: ['Animal', 'Mammal'] };
const car: ChosenLabel = { name: 'Car', confidence: 95, parents: ['Vehicle'] };
const labelsOfA = (i: number): ChosenLabel[] => [...(i % 2 === 0 ? [dog(i % 4 === 0 ? 90 : 60)] : []), ...(i % 3 === 0 ? [cat] : []), ...(i % 5 === 0 ? [car] : [])];
const A_COUNT = 30;

beforeAll(async () => {
  proxy = await startRekognitionProxy();
  stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url });
  proxy.forwardTo(stack.rekognitionEndpoint);
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A', 'B'] as const);
  const { labelledBlob } = chosenLabels(proxy);
  // A few at a time: concurrent uploads, as a gallery's users make them.
  for (let i = 0; i < A_COUNT; i += 5) {
    const made = await Promise.all([0, 1, 2, 3, 4].map(async (k) => ({ ...(await labelledBlob((q, v) => u.call('A', q, v), labelsOfA(i + k))), i: i + k })));
    blobsOf.A.push(...made);
  }
  for (let i = 0; i < 5; i++) blobsOf.B.push({ ...(await labelledBlob((q, v) => u.call('B', q, v), [dog(99), cat])), i });
  // LABELLED is written before the index: wait until every event has been handled.
  await waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'all S3 events handled' });
}, 240_000);
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

const SEARCH = `query ($labels: [String!]!, $match: LabelMatch, $minConfidence: Float, $limit: Int, $nextToken: String) {
  searchBlobs(labels: $labels, match: $match, minConfidence: $minConfidence, limit: $limit, nextToken: $nextToken) { items { id owner status labels { name } } nextToken } }`;
type Page = { items: Array<{ id: string; owner: string; status: string }>; nextToken: string | null };
const search = async (user: 'A' | 'B', vars: Record<string, unknown>) => (await u.call<{ searchBlobs: Page }>(user, SEARCH, vars)).searchBlobs;

/** Every page, following nextToken; asserts no page is over the limit. */
async function searchAll(user: 'A' | 'B', vars: Record<string, unknown>) {
  const ids: string[] = [];
  let nextToken: string | null = null;
  let pages = 0;
  do {
    const page: Page = await search(user, { ...vars, nextToken });
    if (vars.limit !== undefined) expect(page.items.length).toBeLessThanOrEqual(vars.limit as number);
    for (const item of page.items) expect(item).toMatchObject({ owner: u.users[user].sub, status: 'LABELLED' });
    ids.push(...page.items.map((b) => b.id));
    nextToken = page.nextToken;
    expect(++pages).toBeLessThan(100);
  } while (nextToken);
  return ids;
}

/** A's blobs whose index i passes `keep`, newest first (createdAt, then id, both descending). */
const expectedA = (keep: (i: number) => boolean) =>
  blobsOf.A.filter((b) => keep(b.i))
    .sort((x, y) => (x.createdAt === y.createdAt ? (x.id < y.id ? 1 : -1) : x.createdAt < y.createdAt ? 1 : -1))
    .map((b) => b.id);

describe('searchBlobs', () => {
  it('finds a label by its name, case-insensitively, newest first', async () => {
    expect(await searchAll('A', { labels: ['dOG '] })).toEqual(expectedA((i) => i % 2 === 0));
  });

  it('finds a label by a parent and by an alias', async () => {
    expect(await searchAll('A', { labels: ['animal'] })).toEqual(expectedA((i) => i % 2 === 0 || i % 3 === 0));
    expect(await searchAll('A', { labels: ['Vehicle'] })).toEqual(expectedA((i) => i % 5 === 0));
    expect(await searchAll('A', { labels: ['CANINE'] })).toEqual(expectedA((i) => i % 2 === 0));
  });

  it('intersects with ALL (the default) and unites with ANY, each blob once', async () => {
    expect(await searchAll('A', { labels: ['dog', 'cat'] })).toEqual(expectedA((i) => i % 6 === 0));
    expect(await searchAll('A', { labels: ['dog', 'cat', 'car'], match: 'ALL' })).toEqual(expectedA((i) => i % 30 === 0));
    expect(await searchAll('A', { labels: ['dog', 'car'], match: 'ANY' })).toEqual(expectedA((i) => i % 2 === 0 || i % 5 === 0));
    // A name twice, or as a label and its own parent, is still each blob once.
    expect(await searchAll('A', { labels: ['cat', 'Cat', 'mammal'], match: 'ANY' })).toEqual(expectedA((i) => i % 2 === 0 || i % 3 === 0));
  });

  it('pages an intersection exactly, whatever the page size', async () => {
    const all = expectedA((i) => i % 2 === 0 && i % 3 === 0);
    for (const limit of [1, 2, 3]) expect(await searchAll('A', { labels: ['Dog', 'Animal', 'Cat'], limit })).toEqual(all);
    const first = await search('A', { labels: ['animal'], match: 'ANY', limit: 7 });
    expect(first.items.map((b) => b.id)).toEqual(expectedA((i) => i % 2 === 0 || i % 3 === 0).slice(0, 7));
  });

  it('applies minConfidence to the label that matched', async () => {
    expect(await searchAll('A', { labels: ['dog'], minConfidence: 85 })).toEqual(expectedA((i) => i % 4 === 0));
    // Animal comes from Dog (90 or 60) and Cat (80): at 85 only the confident dogs carry it.
    expect(await searchAll('A', { labels: ['animal'], minConfidence: 85 })).toEqual(expectedA((i) => i % 4 === 0));
    expect(await searchAll('A', { labels: ['dog', 'car'], match: 'ANY', minConfidence: 85, limit: 4 })).toEqual(expectedA((i) => i % 4 === 0 || i % 5 === 0));
    expect(await searchAll('A', { labels: ['dog', 'cat'], minConfidence: 85 })).toEqual([]);
  });

  it("never returns another user's blobs", async () => {
    const ofB = await searchAll('B', { labels: ['dog', 'cat'], limit: 2 });
    expect(new Set(ofB)).toEqual(new Set(blobsOf.B.map((b) => b.id)));
    expect(await searchAll('B', { labels: ['car'] })).toEqual([]);
    const ofA = await searchAll('A', { labels: ['dog'] });
    expect(ofA.filter((id) => blobsOf.B.some((b) => b.id === id))).toEqual([]);
  });

  it("refuses bad arguments, an altered token, another user's or another query's token, and the API key", async () => {
    const token = (await search('A', { labels: ['dog'], limit: 2 })).nextToken!;
    expect(token).toEqual(expect.any(String));
    const invalid = { errorType: 'BadRequest', message: expect.stringContaining('The nextToken is not valid for this query') };
    expect(await u.refusal('B', SEARCH, { labels: ['dog'], limit: 2, nextToken: token })).toMatchObject(invalid);
    expect(await u.refusal('A', SEARCH, { labels: ['cat'], limit: 2, nextToken: token })).toMatchObject(invalid);
    expect(await u.refusal('A', SEARCH, { labels: ['dog'], limit: 2, nextToken: `${token.slice(0, -2)}AA` })).toMatchObject(invalid);
    expect(await u.refusal('A', SEARCH, { labels: [] })).toMatchObject({ errorType: 'BadRequest', message: 'labels must name 1 to 10 labels; got 0' });
    expect(await u.refusal('A', SEARCH, { labels: ['  '] })).toMatchObject({ errorType: 'BadRequest', message: expect.stringContaining('not blank') });
    expect(await u.refusal('A', SEARCH, { labels: ['dog'], limit: 101 })).toMatchObject({ errorType: 'BadRequest', message: 'limit must be between 1 and 100; got 101' });
    expect(await u.refusal('A', SEARCH, { labels: ['dog'], minConfidence: 101 })).toMatchObject({ errorType: 'BadRequest', message: 'minConfidence must be between 0 and 100; got 101' });
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query: SEARCH, variables: { labels: ['dog'] } }) });
    expect((await res.json()).errors[0]).toMatchObject({ errorType: 'Unauthorized' });
  });
});

const MY_LABELS = 'query ($limit: Int) { myLabels(limit: $limit) { name count } }';
const myLabels = async (user: 'A' | 'B', limit?: number) => (await u.call<{ myLabels: Array<{ name: string; count: number }> }>(user, MY_LABELS, { limit })).myLabels;
const countA = (keep: (i: number) => boolean, gone: Set<string> = new Set()) => blobsOf.A.filter((b) => keep(b.i) && !gone.has(b.id)).length;

describe('myLabels, and a deleted blob', () => {
  it("counts the owner's labels, parents and aliases, most frequent first", async () => {
    const expected = [
      { name: 'Animal', count: countA((i) => i % 2 === 0 || i % 3 === 0) },
      { name: 'Mammal', count: countA((i) => i % 2 === 0 || i % 3 === 0) },
      { name: 'Canine', count: countA((i) => i % 2 === 0) },
      { name: 'Dog', count: countA((i) => i % 2 === 0) },
      { name: 'Cat', count: countA((i) => i % 3 === 0) },
      { name: 'Car', count: countA((i) => i % 5 === 0) },
      { name: 'Vehicle', count: countA((i) => i % 5 === 0) },
    ];
    expect(await myLabels('A')).toEqual(expected);
    expect(await myLabels('A', 2)).toEqual(expected.slice(0, 2));
    expect(await myLabels('B')).toEqual([
      { name: 'Animal', count: 5 },
      { name: 'Canine', count: 5 },
      { name: 'Cat', count: 5 },
      { name: 'Dog', count: 5 },
      { name: 'Mammal', count: 5 },
    ]);
  });

  it('is gone from search and from myLabels once deleted, and B cannot delete it', async () => {
    const victim = blobsOf.A.find((b) => b.i === 0)!;
    expect((await u.call<{ deleteBlob: unknown }>('B', 'mutation ($id: ID!) { deleteBlob(id: $id) { id } }', { id: victim.id })).deleteBlob).toBeNull();
    expect(await searchAll('A', { labels: ['car'] })).toContain(victim.id);
    expect((await u.call<{ deleteBlob: { id: string } }>('A', 'mutation ($id: ID!) { deleteBlob(id: $id) { id } }', { id: victim.id })).deleteBlob).toEqual({ id: victim.id });
    const gone = new Set([victim.id]);
    expect(await searchAll('A', { labels: ['car'] })).toEqual(expectedA((i) => i % 5 === 0).filter((id) => id !== victim.id));
    expect(await searchAll('A', { labels: ['dog', 'cat'], limit: 1 })).toEqual(expectedA((i) => i % 6 === 0).filter((id) => id !== victim.id));
    const counts = Object.fromEntries((await myLabels('A')).map((c) => [c.name, c.count]));
    expect(counts).toMatchObject({ Car: countA((i) => i % 5 === 0, gone), Dog: countA((i) => i % 2 === 0, gone), Cat: countA((i) => i % 3 === 0, gone) });
    expect(counts.Car).toBe(countA((i) => i % 5 === 0) - 1);
  });
});
