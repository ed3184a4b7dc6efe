/**
 * The unmodified aws-amplify client in IAM mode (SigV4 for queries, mutations and the realtime
 * handshake) against the real local stack: it may call the internal publishBlobLabelled
 * mutation, and its own onBlobLabelled subscription receives the event.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { configureAmplify, subscribeToLabelled } from '../support/amplify-client.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { PUBLISH_BLOB_LABELLED } from '../../functions/lib/appsync-publisher.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

it('runs a query, mutations and a subscription with IAM credentials', async () => {
  const client = configureAmplify(stack, 'iam');
  const created = ((await client.graphql({ query: CREATE_BLOB, variables: { input: {} } })) as { data: { createBlob: { id: string } } }).data.createBlob;
  const id = created.id;

  const queried = ((await client.graphql({ query: BLOB, variables: { id } })) as { data: { blob: Blob } }).data.blob;
  expect(queried).toMatchObject({ id, status: 'PENDING_UPLOAD', contentType: 'image/jpeg', labels: null });

  const { event } = await subscribeToLabelled(client, id);

  const now = new Date().toISOString();
  const input = { id, status: 'LABELLED', features: ['LABELS'], labels: [{ name: 'Test', confidence: 99, parents: [], instances: [] }], createdAt: now, updatedAt: now };
  const published = (await client.graphql({ query: PUBLISH_BLOB_LABELLED, variables: { input } })) as { data: { publishBlobLabelled: Blob } };
  expect(published.data.publishBlobLabelled).toMatchObject({ id, status: 'LABELLED' });
  expect(await event).toMatchObject({ id, status: 'LABELLED', labels: [{ name: 'Test', confidence: 99, parents: [], instances: [] }], error: null });
});

it('refuses the internal mutation to an API-key client', async () => {
  const client = configureAmplify(stack, 'apiKey');
  const now = new Date().toISOString();
  await expect(client.graphql({ query: PUBLISH_BLOB_LABELLED, variables: { input: { id: 'x', status: 'LABELLED', features: ['LABELS'], createdAt: now, updatedAt: now } } })).rejects.toMatchObject({
    errors: [expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access publishBlobLabelled on type Mutation' })],
  });
});
