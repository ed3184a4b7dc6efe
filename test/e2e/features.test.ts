/**
 * Features chosen per blob, end to end on the local stack with the real aws-amplify client:
 * createBlob refuses bad choices; the labelling function makes only the Rekognition calls asked
 * for (seen by a recording proxy in front of the stand-in); onBlobLabelled, blob(id) and the
 * webhook carry the asked-for results and nothing else; one failing operation costs only its
 * own features.
 */
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Blob, BlobFeature } from '../../api/generated/graphql.js';
import { BLOB, CREATE_BLOB, ON_BLOB_LABELLED } from '../../client/documents.js';
import { configureAmplify, subscriptionAcknowledged } from '../support/amplify-client.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { REKOGNITION_MAX_ATTEMPTS } from '../../functions/lib/clients.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let client: ReturnType<typeof configureAmplify>;

beforeAll(async () => {
  proxy = await startRekognitionProxy();
  stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url });
  proxy.forwardTo(stack.rekognitionEndpoint);
  receiver = await startWebhookReceiver();
  client = configureAmplify(stack, 'apiKey');
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
  await proxy?.close();
});
afterEach(() => proxy.heal());

type GraphQLFailure = { errors: Array<{ message: string; errorType?: string }> };

async function createBlob(input: Record<string, unknown>) {
  const result = (await client.graphql({ query: CREATE_BLOB, variables: { input: { callbackUrl: receiver.url(), ...input } } })) as { data: { createBlob: { id: string; uploadUrl: string } } };
  return result.data.createBlob;
}

async function refusal(input: Record<string, unknown>): Promise<{ message: string; errorType?: string }> {
  try {
    await createBlob(input);
  } catch (failure) {
    return (failure as GraphQLFailure).errors[0];
  }
  throw new Error(`createBlob accepted ${JSON.stringify(input)}`);
}

/** Creates, subscribes (waiting for the ack), uploads; resolves with the pushed blob, the queried one and the verified webhook body. */
async function label(file: string, contentType: string, input: Record<string, unknown>) {
  const created = await createBlob({ contentType, ...input });
  const acknowledged = subscriptionAcknowledged((v) => v.id === created.id);
  const pushed = new Promise<Blob>((resolve, reject) => {
    const subscription = (client.graphql({ query: ON_BLOB_LABELLED, variables: { id: created.id } }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({
      next: ({ data }: { data: { onBlobLabelled: Blob } }) => {
        subscription.unsubscribe();
        resolve(data.onBlobLabelled);
      },
      error: reject,
    });
  });
  await acknowledged;
  const callsBefore = proxy.calls.length;
  const upload = await fetch(created.uploadUrl, { method: 'PUT', body: await readFile(image(file)), headers: { 'content-type': contentType } });
  expect(upload.status).toBe(200);
  const event = await pushed;
  const queried = ((await client.graphql({ query: BLOB, variables: { id: created.id } })) as { data: { blob: Blob } }).data.blob;
  await receiver.waitFor((all) => all.some((h) => JSON.parse(h.body).blob_id === created.id));
  const hook = receiver.received.find((h) => JSON.parse(h.body).blob_id === created.id)!;
  const body = new Webhook(stack.webhookSecret).verify(hook.body, hook.headers as Record<string, string>) as Record<string, unknown>;
  const calls = proxy.calls.slice(callsBefore).filter((c) => JSON.stringify(c.body).includes(created.id));
  return { id: created.id, pushed: event, queried, body, calls };
}

describe('createBlob refuses bad feature choices with BadRequest', () => {
  it.each([
    [{ features: [] }, /features must name at least one/],
    [{ features: ['TEXT', 'LABELS', 'TEXT'] }, /must not repeat a feature; TEXT/],
    [{ minConfidence: 100.5 }, /minConfidence must be between 0 and 100; got 100.5/],
    [{ minConfidence: -1 }, /minConfidence must be between 0 and 100/],
    [{ maxLabels: 0 }, /maxLabels must be a whole number from 1 to 1000; got 0/],
    [{ maxLabels: 1001 }, /from 1 to 1000; got 1001/],
    [{ features: ['TEXT'], maxLabels: 5 }, /maxLabels applies to LABELS/],
    [{ features: ['FACES'], minConfidence: 80 }, /minConfidence applies to LABELS and MODERATION/],
  ])('%j', async (input, message) => {
    const error = await refusal(input);
    expect(error.errorType).toBe('BadRequest');
    expect(error.message).toMatch(message);
  });

  it('an unknown feature is a GraphQL validation error naming the enum', async () => {
    const error = await refusal({ features: ['COLOURS'] });
    expect(error.message).toMatch(/BlobFeature/);
  });
});

describe('only what was asked for', () => {
  it('the default is the seed: one DetectLabels (GENERAL_LABELS), labels only, the seed’s webhook body', async () => {
    const { pushed, queried, body, calls } = await label('chelsea.png', 'image/png', {});
    expect(calls.map((c) => c.operation)).toEqual(['DetectLabels']);
    expect(calls[0].body).toMatchObject({ Features: ['GENERAL_LABELS'], MinConfidence: 50, MaxLabels: 25 });
    expect(calls[0].body).not.toHaveProperty('Settings');
    expect(pushed).toMatchObject({ status: 'LABELLED', features: ['LABELS'], imageProperties: null, text: null, faces: null, moderationLabels: null, featureErrors: [] });
    expect(pushed.labels!.length).toBeGreaterThan(0);
    expect(queried).toEqual(pushed);
    expect(Object.keys(body).sort()).toEqual(['blob_id', 'labels', 'status']);
  });

  it('minConfidence and maxLabels reach DetectLabels', async () => {
    const { pushed, calls } = await label('messi5.jpg', 'image/jpeg', { minConfidence: 80, maxLabels: 2 });
    expect(calls[0].body).toMatchObject({ MinConfidence: 80, MaxLabels: 2 });
    expect(pushed.labels!.length).toBeLessThanOrEqual(2);
    for (const l of pushed.labels!) expect(l.confidence).toBeGreaterThanOrEqual(80);
  });
});

describe('blobs stored before features existed', () => {
  it('read as features [LABELS], the only thing they could ask for', async () => {
    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
    const now = new Date().toISOString();
    const id = '0c1d2e3f-4a5b-4c6d-8e7f-901234567890';
    await ddb.send(new PutCommand({ TableName: stack.tableName, Item: { id, status: 'LABELLED', contentType: 'image/jpeg', labels: [{ name: 'Dog', confidence: 90, parents: ['Animal'], instances: [] }], createdAt: now, updatedAt: now, expiresAt: Math.floor(Date.now() / 1000) + 3600 } }));
    ddb.destroy();
    const blob = (await graphqlData(stack, BLOB, { id })).blob as Blob;
    expect(blob).toMatchObject({ id, status: 'LABELLED', features: ['LABELS'], text: null, featureErrors: null });
    expect(blob.labels![0].name).toBe('Dog');
  });
});

describe('every feature, delivered the same three ways', () => {
  it('all five on messi5.jpg: each result on the event and the query; the webhook adds exactly their keys', async () => {
    const features: BlobFeature[] = ['LABELS', 'IMAGE_PROPERTIES', 'TEXT', 'FACES', 'MODERATION'];
    const { pushed, queried, body, calls } = await label('messi5.jpg', 'image/jpeg', { features });
    // One DetectLabels answers both of its features.
    expect(calls.map((c) => c.operation).sort()).toEqual(['DetectFaces', 'DetectLabels', 'DetectModerationLabels', 'DetectText']);
    const detectLabels = calls.find((c) => c.operation === 'DetectLabels')!;
    expect(detectLabels.body).toMatchObject({ Features: ['GENERAL_LABELS', 'IMAGE_PROPERTIES'], Settings: { ImageProperties: { MaxDominantColors: 10 } } });
    expect(calls.find((c) => c.operation === 'DetectFaces')!.body).toMatchObject({ Attributes: ['ALL'] });

    expect(pushed).toMatchObject({ status: 'LABELLED', features, featureErrors: [] });
    expect(pushed.labels!.map((l) => l.name)).toEqual(expect.arrayContaining(['Person']));
    const colours = pushed.imageProperties!.dominantColors;
    expect(colours.length).toBeGreaterThan(0);
    for (const c of colours) expect(c.hexCode).toMatch(/^#[0-9a-f]{6}$/i);
    expect(pushed.imageProperties!.quality!.brightness).toBeGreaterThanOrEqual(0);
    expect(pushed.faces!.length).toBeGreaterThan(0);
    expect(pushed.faces![0].boundingBox.width).toBeGreaterThan(0);
    expect(Array.isArray(pushed.text)).toBe(true);
    expect(pushed.moderationLabels).toEqual([]); // a football photo
    expect(queried).toEqual(pushed);

    expect(Object.keys(body).sort()).toEqual(['blob_id', 'faces', 'image_properties', 'labels', 'moderation_labels', 'status', 'text']);
    expect(body).toMatchObject({ image_properties: pushed.imageProperties, text: pushed.text, faces: pushed.faces, moderation_labels: pushed.moderationLabels });
  });

  it('TEXT only: one DetectText; labels and the rest null; the webhook has text and not labels', async () => {
    const { pushed, body, calls } = await label('messi5.jpg', 'image/jpeg', { features: ['TEXT'] as BlobFeature[] });
    expect(calls.map((c) => c.operation)).toEqual(['DetectText']);
    expect(pushed).toMatchObject({ status: 'LABELLED', features: ['TEXT'], labels: null, imageProperties: null, faces: null, moderationLabels: null, featureErrors: [] });
    expect(Object.keys(body).sort()).toEqual(['blob_id', 'status', 'text']);
    expect(body.text).toEqual(pushed.text);
  });

  it('a blob with only TEXT never loads the object detector (a fresh stack, so nothing was loaded before)', async () => {
    const fresh = await startTestStack();
    try {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="160"><rect width="100%" height="100%" fill="white"/><text x="24" y="100" font-family="DejaVu Sans, sans-serif" font-size="56" fill="black">HELLO BLOBS</text></svg>`;
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      const created = await graphqlData(fresh, CREATE_BLOB, { input: { contentType: 'image/png', features: ['TEXT'] } });
      const { id, uploadUrl } = created.createBlob as { id: string; uploadUrl: string };
      expect((await fetch(uploadUrl, { method: 'PUT', body: png, headers: { 'content-type': 'image/png' } })).status).toBe(200);
      let blob: Blob | null = null;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
        blob = (await graphqlData(fresh, BLOB, { id })).blob as Blob;
        if (blob.status === 'LABELLED' || blob.status === 'FAILED') break;
      }
      expect(blob?.status).toBe('LABELLED');
      expect(blob!.text!.filter((t) => t.type === 'LINE').map((t) => t.detectedText)).toEqual(['HELLO BLOBS']);
      expect(fresh.loadedModels()).toEqual(['text-reader']);
    } finally {
      await fresh.close();
    }
  });
});

describe('one failing operation costs only its own features', () => {
  it('DetectText refused: labels still delivered, text null, the failure in featureErrors and the webhook', async () => {
    proxy.fail('DetectText', { status: 400, type: 'AccessDeniedException', message: 'User is not authorized to perform: rekognition:DetectText' });
    const { pushed, queried, body, calls } = await label('chelsea.png', 'image/png', { features: ['LABELS', 'TEXT'] as BlobFeature[] });
    expect(calls.map((c) => c.operation).sort()).toEqual(['DetectLabels', 'DetectText']);
    expect(pushed.status).toBe('LABELLED');
    expect(pushed.features).toEqual(['LABELS', 'TEXT']);
    expect(pushed.labels!.length).toBeGreaterThan(0);
    expect(pushed.text).toBeNull();
    expect(pushed.featureErrors).toEqual([{ feature: 'TEXT', code: 'ACCESS_DENIED', message: expect.stringMatching(/may not call/) }]);
    expect(queried).toEqual(pushed);
    expect(body).toEqual({
      blob_id: pushed.id,
      status: 'LABELLED',
      labels: pushed.labels!.map((l) => ({ label: l.name, confidence: l.confidence, parents: l.parents })),
      text: null,
      feature_errors: pushed.featureErrors,
    });
  });

  it('an asked-for call throttled on all but the SDK’s last attempt is retried, not recorded as FAILED', async () => {
    // Throttled past every attempt, the message is retried by the uploads queue after its
    // visibility timeout (minutes): test/hardening/uploads-queue.test.ts shortens it to show that.
    proxy.fail('DetectText', { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' }, REKOGNITION_MAX_ATTEMPTS - 1);
    const { pushed, calls } = await label('messi5.jpg', 'image/jpeg', { features: ['TEXT'] as BlobFeature[] });
    expect(calls.filter((c) => c.operation === 'DetectText').length).toBe(REKOGNITION_MAX_ATTEMPTS);
    expect(pushed).toMatchObject({ status: 'LABELLED', featureErrors: [] });
    expect(Array.isArray(pushed.text)).toBe(true);
  });

  it('every asked-for operation refused: FAILED with LABELLING_FAILED and each feature’s reason', async () => {
    proxy.fail('DetectLabels', { status: 400, type: 'AccessDeniedException', message: 'denied' });
    const { pushed, body } = await label('chelsea.png', 'image/png', { features: ['LABELS', 'IMAGE_PROPERTIES'] as BlobFeature[] });
    expect(pushed.status).toBe('FAILED');
    expect(pushed.error?.code).toBe('LABELLING_FAILED');
    expect(pushed.featureErrors?.map((e) => e.feature)).toEqual(['LABELS', 'IMAGE_PROPERTIES']);
    expect(pushed.labels).toBeNull();
    expect(body).toEqual({ blob_id: pushed.id, status: 'FAILED', error: pushed.error, feature_errors: pushed.featureErrors });
  });
});
