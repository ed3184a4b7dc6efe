/**
 * Retention on the synthesized template (CDK, no bundling) and on the record's TTL attribute
 * (the real createBlob handler, configured from that template's environment, on the local
 * stack): anonymous blobs expire after retentionDays, image and thumbnail by lifecycle rules on
 * their prefixes and the record by TTL; a signed-in user's blobs are kept until deleted, unless
 * the deployer sets userRetentionDays. Images stored under <id> before that layout (whose records
 * all carry a TTL) keep retentionDays through rules on the sixteen hex prefixes a blob id starts with.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_IMAGE_PREFIXES, thumbnailKey, uploadKey, USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import { createCreateBlobHandler } from '../../functions/create-blob/handler.js';
import { startTestStack } from '../support/local-stack.js';

type Rule = { Id: string; Prefix?: string; ExpirationInDays?: number; NoncurrentVersionExpiration?: { NoncurrentDays: number }; ExpiredObjectDeleteMarker?: boolean; Status: string };
type Template = { Resources: Record<string, { Type: string; Properties: any }> };

const uploadsBucket = (t: Template) => Object.values(t.Resources).find((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.CorsConfiguration)!;
const allRulesOf = (t: Template) => (uploadsBucket(t).Properties.LifecycleConfiguration.Rules as Rule[]).filter((r) => r.Id !== 'abort-incomplete-uploads');
const isLegacy = (r: Rule) => r.Id.startsWith('expire-legacy-');
/** The rules of the current layout's prefixes. */
const rulesOf = (t: Template) => allRulesOf(t).filter((r) => !isLegacy(r));
/** The rules that apply to an object key: S3 matches a rule's Prefix against the key's start. */
const rulesFor = (t: Template, key: string) => allRulesOf(t).filter((r) => r.Prefix !== undefined && key.startsWith(r.Prefix));
const envOf = (t: Template, service: string) =>
  Object.values(t.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!.Properties.Environment.Variables as Record<string, unknown>;

/** Amplify Storage's prefix: a version replaced or hidden by remove goes after a day (its blob went, or is labelled again from the new one). */
const replacedPhotos = expect.objectContaining({ Prefix: 'photos/', NoncurrentVersionExpiration: { NoncurrentDays: 1 }, ExpiredObjectDeleteMarker: true, Status: 'Enabled' });

const expected = (prefix: string, days: number) => [
  expect.objectContaining({ Prefix: prefix, ExpirationInDays: days, Status: 'Enabled' }),
  expect.objectContaining({ Prefix: prefix, NoncurrentVersionExpiration: { NoncurrentDays: days }, ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
];

describe('the template', () => {
  it('by default expires only anonymous uploads and thumbnails (current and replaced versions) of the current layout, after 30 days; users’ are kept', async () => {
    const template = (await synthesizeTemplate()) as Template;
    const rules = rulesOf(template);
    expect(rules).toEqual([...expected('uploads/anonymous/', 30), ...expected('thumbnails/anonymous/', 30), replacedPhotos]);
    // No rule without a prefix, and none expiring a user's current image.
    expect(rules.every((r) => r.Prefix?.includes('/anonymous/') || (r.Prefix === 'photos/' && r.ExpirationInDays === undefined))).toBe(true);
    expect(envOf(template, 'createBlob')).toMatchObject({ BLOB_TTL_DAYS: '30' });
    expect(envOf(template, 'createBlob')).not.toHaveProperty('USER_BLOB_TTL_DAYS');
  }, 120_000);

  it('expires users’ blobs too when the deployer sets userRetentionDays, each class with its own days', async () => {
    const template = (await synthesizeTemplate({ retentionDays: '7', userRetentionDays: '365' })) as Template;
    expect(rulesOf(template)).toEqual([...expected('uploads/anonymous/', 7), ...expected('thumbnails/anonymous/', 7), ...expected('uploads/users/', 365), ...expected('thumbnails/users/', 365), expect.objectContaining({ Prefix: 'photos/', ExpirationInDays: 365, Status: 'Enabled' }), replacedPhotos]);
    expect(envOf(template, 'createBlob')).toMatchObject({ BLOB_TTL_DAYS: '7', USER_BLOB_TTL_DAYS: '365' });
  }, 120_000);

  it('expires images of the legacy layout (key <id>) after retentionDays, as their records, and nothing of the current layout with those rules', async () => {
    const template = (await synthesizeTemplate({ retentionDays: '7', userRetentionDays: '365' })) as Template;
    expect(allRulesOf(template).filter(isLegacy)).toEqual(LEGACY_IMAGE_PREFIXES.flatMap((prefix) => expected(prefix, 7)));
    // Every legacy key (a blob id: a lowercase UUID) is matched by exactly its two legacy rules.
    for (let i = 0; i < 200; i++) {
      const id = randomUUID();
      expect(rulesFor(template, id)).toEqual(expected(id[0], 7));
    }
    // No key of the current layout is reached by a legacy rule: each keeps its own class's days.
    const id = randomUUID();
    for (const key of [uploadKey(id, 'users'), thumbnailKey(uploadKey(id, 'users')), `${USER_STORAGE_PREFIX}us-east-1:${id}/photo.jpg`]) {
      expect(rulesFor(template, key).filter(isLegacy)).toEqual([]);
    }
    expect(rulesFor(template, uploadKey(id, 'users'))).toEqual(expected('uploads/users/', 365));
    expect(rulesFor(template, thumbnailKey(uploadKey(id, 'anonymous')))).toEqual(expected('thumbnails/anonymous/', 7));
    // A Storage upload keeps the storage prefix's own rules (userRetentionDays; replaced versions after a day).
    expect(rulesFor(template, `${USER_STORAGE_PREFIX}us-east-1:${id}/photo.jpg`).map((r) => r.Id)).toEqual(['expire-photos', 'expire-photos-replaced-versions']);
  }, 120_000);

  it('refuses a userRetentionDays that is not a whole number of days from 1 to 3650', async () => {
    await expect(synthesizeTemplate({ userRetentionDays: '0' })).rejects.toThrow('Context "userRetentionDays" must be a whole number from 1 to 3650; got "0"');
    await expect(synthesizeTemplate({ userRetentionDays: 'forever' })).rejects.toThrow('Context "userRetentionDays" must be a whole number from 1 to 3650; got "forever"');
  }, 120_000);
});

describe('the record’s TTL attribute', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let dynamodb: DynamoDBClient;
  beforeAll(async () => {
    stack = await startTestStack();
    dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials });
  });
  afterAll(async () => {
    dynamodb?.destroy();
    await stack?.close();
  });
  const stored = async (id: string) => (await dynamodb.send(new GetItemCommand({ TableName: stack.tableName, Key: { id: { S: id } }, ConsistentRead: true }))).Item!;
  const created = async (handler: typeof stack.handlers.createBlob, owner: string | null) => {
    const out = await handler({ arguments: { input: {} }, owner });
    if (!out.ok) throw new Error(out.message);
    return out.blob;
  };

  it('an anonymous blob expires after BLOB_TTL_DAYS (30); its upload key is under uploads/anonymous/', async () => {
    const before = Math.floor(Date.now() / 1000);
    const blob = await created(stack.handlers.createBlob, null);
    const item = await stored(blob.id);
    const ttl = Number(item.expiresAt.N);
    expect(ttl).toBeGreaterThanOrEqual(before + 30 * 86_400);
    expect(ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 86_400);
    expect(item.imageKey.S).toBe(`uploads/anonymous/${blob.id}`);
    expect(new URL(blob.uploadUrl).pathname).toBe(`/${stack.bucketName}/uploads/anonymous/${blob.id}`);
  });

  it('a signed-in user’s blob has no TTL attribute (kept until deleted); its key is under uploads/users/', async () => {
    const blob = await created(stack.handlers.createBlob, 'user-sub-1');
    const item = await stored(blob.id);
    expect(item.expiresAt).toBeUndefined();
    expect(item.owner.S).toBe('user-sub-1');
    expect(item.imageKey.S).toBe(`uploads/users/${blob.id}`);
  });

  it('with USER_BLOB_TTL_DAYS set, a signed-in user’s blob expires after it', async () => {
    const { configFromEnv } = await import('../../functions/lib/config.js');
    const base = configFromEnv({ BLOB_TABLE_NAME: stack.tableName, BLOB_BUCKET_NAME: stack.bucketName, USER_BLOB_TTL_DAYS: '90' });
    expect(base.userBlobTtlDays).toBe(90);
    const handler = createCreateBlobHandler({ ...base, region: stack.region, credentials: stack.credentials, forcePathStyle: true, endpoints: { s3: stack.s3Endpoint, dynamodb: stack.dynamodbEndpoint } });
    const before = Math.floor(Date.now() / 1000);
    const blob = await created(handler, 'user-sub-2');
    const ttl = Number((await stored(blob.id)).expiresAt.N);
    expect(ttl).toBeGreaterThanOrEqual(before + 90 * 86_400);
    expect(ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 90 * 86_400);
  });
});
