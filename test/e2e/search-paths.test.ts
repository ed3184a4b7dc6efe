/**
 * Which path answers searchBlobs, seen from the functions' side of DynamoDB (a proxy in front of
 * the endpoint the functions use; the engine's data sources go to DynamoDB directly):
 *   - one plain name: the resolver's pipeline (byLabel Query, then the records' BatchGetItem),
 *     so the searchBlobs function makes no call; a hit whose record is gone is not returned;
 *   - several names, or one the function alone normalizes exactly (beyond printable ASCII, or
 *     with runs of spaces): the function, as before;
 *   - each path's nextToken is refused by the other, and either finds the same blobs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { chosenLabels } from '../support/labelled-blobs.js';
import { startTestStack } from '../support/local-stack.js';
import { startAwsJsonProxy, startRekognitionProxy } from '../support/rekognition-proxy.js';
import { signedInUsers } from '../support/signed-in-users.js';
import { waitFor } from '../support/wait.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let rekognition: Awaited<ReturnType<typeof startRekognitionProxy>>;
let functionsDynamodb: Awaited<ReturnType<typeof startAwsJsonProxy>>;
let u: Awaited<ReturnType<typeof signedInUsers<'A'>>>;
let db: DynamoDBDocumentClient;
const blobs: Array<{ id: string; createdAt: string }> = [];

beforeAll(async () => {
  rekognition = await startRekognitionProxy();
  functionsDynamodb = await startAwsJsonProxy();
  stack = await startTestStack({ functionsRekognitionEndpoint: rekognition.url, functionsDynamodbEndpoint: functionsDynamodb.url });
  rekognition.forwardTo(stack.rekognitionEndpoint);
  functionsDynamodb.forwardTo(stack.dynamodbEndpoint);
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A'] as const);
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const { labelledBlob } = chosenLabels(rekognition);
  const call = (q: string, v?: Record<string, unknown>) => u.call<never>('A', q, v);
  // Oldest first: five café photos, every other one with a dog.
  for (let i = 0; i < 5; i++) blobs.push(await labelledBlob(call, [{ name: 'Café', confidence: 90 }, { name: 'Hot Dog', confidence: 80 }, ...(i % 2 === 0 ? [{ name: 'Dog', confidence: 95 }] : [])]));
  await waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'all S3 events handled' });
  blobs.reverse();
}, 180_000);
afterAll(async () => {
  db?.destroy();
  await stack?.close();
  await rekognition?.close();
  await functionsDynamodb?.close();
});

const SEARCH = 'query ($labels: [String!]!, $match: LabelMatch, $limit: Int, $nextToken: String) { searchBlobs(labels: $labels, match: $match, limit: $limit, nextToken: $nextToken) { items { id status owner } nextToken } }';
type Page = { items: Array<{ id: string; status: string; owner: string }>; nextToken: string | null };
const page = async (variables: Record<string, unknown>) => (await u.call<{ searchBlobs: Page }>('A', SEARCH, variables)).searchBlobs;
/** Every page's ids, and how many DynamoDB calls the searchBlobs function made for them. */
async function searched(variables: Record<string, unknown>): Promise<{ ids: string[]; functionCalls: number }> {
  const before = functionsDynamodb.calls.length;
  const ids: string[] = [];
  let nextToken: string | null = null;
  do {
    const p: Page = await page({ ...variables, nextToken });
    ids.push(...p.items.map((b) => b.id));
    nextToken = p.nextToken;
  } while (nextToken);
  return { ids, functionCalls: functionsDynamodb.calls.length - before };
}
const ids = (pick: (i: number) => boolean) => blobs.filter((_, i) => pick(i)).map((b) => b.id);

it('one plain name is answered by the resolver, with no call from the function, in pages', async () => {
  expect(await searched({ labels: ['dog'] })).toEqual({ ids: ids((i) => i % 2 === 0), functionCalls: 0 });
  expect(await searched({ labels: [' Hot Dog '], limit: 2 })).toEqual({ ids: ids(() => true), functionCalls: 0 });
  const first = await page({ labels: ['hot dog'], limit: 2 });
  expect(first.items.every((b) => b.status === 'LABELLED' && b.owner === u.users.A.sub)).toBe(true);
});

it('several names, or a name the function alone normalizes, go to the function and find the same blobs', async () => {
  const two = await searched({ labels: ['dog', 'hot dog'] });
  expect(two.ids).toEqual(ids((i) => i % 2 === 0));
  expect(two.functionCalls).toBeGreaterThan(0);
  // Beyond printable ASCII (NFKC and case folding are the function's), and a run of spaces.
  for (const name of ['CAFÉ', 'café', 'Hot  Dog']) {
    const one = await searched({ labels: [name], limit: 2 });
    expect(one.ids).toEqual(ids(() => true));
    expect(one.functionCalls).toBeGreaterThan(0);
  }
});

it("refuses each path's nextToken on the other", async () => {
  const invalid = { errorType: 'BadRequest', message: expect.stringContaining('The nextToken is not valid for this query') };
  const resolverToken = (await page({ labels: ['hot dog'], limit: 1 })).nextToken!;
  const functionToken = (await page({ labels: ['hot dog', 'café'], limit: 1 })).nextToken!;
  expect(await u.refusal('A', SEARCH, { labels: ['hot dog', 'café'], limit: 1, nextToken: resolverToken })).toMatchObject(invalid);
  expect(await u.refusal('A', SEARCH, { labels: ['hot dog'], limit: 1, nextToken: functionToken })).toMatchObject(invalid);
});

it('never returns a hit whose record is gone, though its index items remain', async () => {
  // What a labeller that wrote its items after deleteBlob and died before its re-check leaves.
  await db.send(new DeleteCommand({ TableName: stack.tableName, Key: { id: blobs[0].id } }));
  expect((await searched({ labels: ['dog'] })).ids).toEqual(ids((i) => i % 2 === 0 && i !== 0));
  expect((await searched({ labels: ['dog'], match: 'ANY' })).ids).toEqual(ids((i) => i % 2 === 0 && i !== 0));
});
