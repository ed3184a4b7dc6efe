/**
 * The Lambda code exactly as `cdk deploy` would upload it: the synthesized assets (esbuild, ESM,
 * the AWS SDK bundled in) run in a fresh Node process configured only by environment variables,
 * as Lambda runs them, against the local stand-ins (AWS_ENDPOINT_URL_<SERVICE>). A bundling
 * mistake (a missing module, ESM/CommonJS trouble) fails here instead of after a deploy.
 */
import { uploadKey } from '../../api/object-keys.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { lambdaFunctions } from '../../api/wiring.js';
import { buildApp, ROOT_DIR } from '../../infra/build-app.js';
import { bucketEvent } from '../../local/s3/event-record.js';
import { sqsRecord } from '../../local/sqs/sqs-record.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { startSecretsManager } from '../support/secrets-manager.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/** A bucket the local stack's own labelling handler ignores, so only the bundle labels its uploads. */
const BUNDLE_BUCKET = 'bundle-test';

let outdir: string;
let bundles: { createBlob: string; labelBlob: string; restApi: string };
/** Every function's staged asset folder (what `cdk deploy` zips), by its Description. */
let assetDirs: Map<string, string>;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secretsManager: Awaited<ReturnType<typeof startSecretsManager>>;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'blobs-bundles-'));
  const { app, stack: cdkStack } = await buildApp({ outdir, nag: false });
  app.synth();
  const template = JSON.parse(await readFile(join(outdir, `${cdkStack.stackName}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: any }> };
  // Code.S3Key is "<asset hash>.zip"; the staged asset is the folder asset.<asset hash>.
  const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Code?.S3Key);
  assetDirs = new Map(functions.map((fn) => [String(fn.Properties.Description), join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`)]));
  const assetOf = (descriptionStart: string) => {
    const dir = [...assetDirs].find(([description]) => description.startsWith(descriptionStart))![1];
    return join(dir, 'index.mjs');
  };
  bundles = { createBlob: assetOf('Validates createBlob'), labelBlob: assetOf('S3 ObjectCreated'), restApi: assetOf("The seed's REST API") };

  stack = await startTestStack();
  receiver = await startWebhookReceiver();
  secretsManager = await startSecretsManager({ region: stack.region, credentials: [stack.credentials] });
  const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUNDLE_BUCKET }));
  s3.destroy();
}, 400_000);

afterAll(async () => {
  await secretsManager?.close();
  await receiver?.close();
  await stack?.close();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

/**
 * Runs `handler(event)` of a bundle in a new Node process whose only configuration is its
 * environment; with several events, one after the other in that one process (one warm Lambda
 * instance). `env` replaces or (undefined) removes variables.
 */
async function invokeBundle(bundle: string, event: unknown, envChanges: Record<string, string | undefined> = {}): Promise<unknown> {
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: stack.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodbEndpoint,
    AWS_ENDPOINT_URL_REKOGNITION: stack.rekognitionEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    S3_FORCE_PATH_STYLE: 'true',
    BLOB_TABLE_NAME: stack.tableName,
    BLOB_BUCKET_NAME: BUNDLE_BUCKET,
    GRAPHQL_URL: stack.graphqlUrl,
    WEBHOOK_SECRET: stack.webhookSecret,
    ALLOW_LOOPBACK_CALLBACKS: 'true',
    LOG_LEVEL: 'WARN',
    ...envChanges,
  };
  const script =
    'const { handler } = await import(process.argv[1]); const events = JSON.parse(process.argv[2]); const outs = []; for (const e of events) outs.push((await handler(e)) ?? null); process.stdout.write(JSON.stringify(outs));';
  // Only this environment (as in Lambda); runProcess adds the test run's marker.
  const events = Array.isArray(event) ? event : [event];
  const { code, stdout, stderr } = await runProcess(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script, bundle, JSON.stringify(events)], { env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)), timeoutMs: 90_000 });
  if (code !== 0) throw new Error(`bundle exited with ${code}:\n${stderr}`);
  // The handlers' EMF metric lines come first (as in a Lambda log stream); the results are the last line.
  const outs = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as unknown[];
  return Array.isArray(event) ? outs : outs[0];
}

/** A blob created by the createBlob bundle, its photo uploaded: the SQS message carrying its S3 event that the labelling bundle is then given (S3 → SQS → Lambda). */
async function uploadedBlob(callbackPath: string) {
  const created = (await invokeBundle(bundles.createBlob, {
    arguments: { input: { contentType: 'image/jpeg', callbackUrl: receiver.url(callbackPath) } },
    identity: null,
    info: { fieldName: 'createBlob', parentTypeName: 'Mutation' },
    request: { headers: {} },
  })) as { ok: boolean; blob: { id: string; uploadUrl: string } };
  expect(created.ok).toBe(true);
  const { id, uploadUrl } = created.blob;
  const photo = await readFile(image('messi5.jpg'));
  expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
  const s3Event = bucketEvent({ region: stack.region, bucket: BUNDLE_BUCKET, key: uploadKey(id, 'anonymous'), size: photo.length, etag: 'etag', sequencer: '01', sourceIp: '127.0.0.1', principalId: 'test' });
  const message = sqsRecord({ id: `message-${id}`, body: JSON.stringify(s3Event), sentAt: Date.now(), receiveCount: 1 }, 'receipt', { arn: 'arn:aws:sqs:us-east-1:000000000000:uploads', region: stack.region });
  return { id, uploadUrl, event: { Records: [message] } };
}

/** The one webhook sent for `id`, its Standard Webhooks signature verified with `secret`, as a receiver does. */
function verifiedWebhook(id: string, secret: string) {
  const hooks = receiver.received.filter((h) => JSON.parse(h.body).blob_id === id);
  expect(hooks).toHaveLength(1);
  return new Webhook(secret).verify(hooks[0].body, hooks[0].headers as Record<string, string>) as { blob_id: string; status: string };
}

it('the deployed createBlob and labelBlob bundles create, label and announce a blob', async () => {
  // createBlob as AppSync's Lambda data source invokes it (resolvers/Mutation.createBlob.ts), then
  // the event S3 sends for the upload, handed to the labelling bundle.
  const { id, uploadUrl, event } = await uploadedBlob('/bundle');
  expect(new URL(uploadUrl).pathname).toBe(`/${BUNDLE_BUCKET}/${uploadKey(id, 'anonymous')}`);
  expect(await invokeBundle(bundles.labelBlob, event)).toEqual({ batchItemFailures: [] });

  const blob = (await graphqlData(stack, BLOB, { id })).blob as Blob;
  expect(blob.status).toBe('LABELLED');
  expect(blob.labels?.map((l) => l.name)).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
  expect(blob.callbackDelivery).toMatchObject({ delivered: true, attempts: 1, lastStatusCode: 200 });
  expect(receiver.received.filter((h) => h.path === '/bundle').map((h) => JSON.parse(h.body).blob_id)).toEqual([id]);
  expect(verifiedWebhook(id, stack.webhookSecret)).toMatchObject({ blob_id: id, status: 'LABELLED' });
}, 120_000);

it('the deployed labelBlob bundle, configured as the template configures it (WEBHOOK_SECRET_ARN), signs with the secret it reads from Secrets Manager, once per instance', async () => {
  // A value shaped like the one CloudFormation generates (infra/constructs/webhook-secret.ts), and
  // not the local stack's secret: a webhook signed with any other key fails verification below.
  const deployedSecret = randomBytes(33).toString('base64').replace(/[+/]/g, 'A');
  const arn = secretsManager.put('blobs-webhook-secret', deployedSecret);
  const first = await uploadedBlob('/arn-1');
  const second = await uploadedBlob('/arn-2');

  // Two events, one after the other, in one warm instance: the secret is read once.
  const answers = await invokeBundle(bundles.labelBlob, [first.event, second.event], { WEBHOOK_SECRET: undefined, WEBHOOK_SECRET_ARN: arn, AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint });
  expect(answers).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);

  for (const { id } of [first, second]) {
    expect(((await graphqlData(stack, BLOB, { id })).blob as Blob).callbackDelivery).toMatchObject({ delivered: true, lastStatusCode: 200 });
    expect(verifiedWebhook(id, deployedSecret)).toMatchObject({ blob_id: id, status: 'LABELLED' });
    expect(() => verifiedWebhook(id, stack.webhookSecret)).toThrow(/signature/i);
  }
  expect(secretsManager.reads).toEqual([arn]);
}, 180_000);

it("the deployed REST API bundle creates a blob and reads it back in the seed's shape, from API Gateway proxy events", async () => {
  const event = (httpMethod: string, resource: string, path: string, o: { body?: string; pathParameters?: Record<string, string> } = {}) => ({
    resource,
    path,
    httpMethod,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: { 'content-type': ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: o.pathParameters ?? null,
    stageVariables: null,
    body: o.body ?? null,
    isBase64Encoded: false,
    requestContext: { resourcePath: resource, httpMethod, stage: 'v1', requestId: 'bundle-test' },
  });
  type Result = { statusCode: number; headers: Record<string, string>; body: string };
  const posted = (await invokeBundle(bundles.restApi, event('POST', '/blobs', '/blobs', { body: JSON.stringify({ callback_url: receiver.url('/rest-bundle') }) }))) as Result;
  expect(posted.statusCode, posted.body).toBe(200);
  const created = JSON.parse(posted.body) as { blob_id: string; callback_url: string; upload_url: string };
  expect(created.callback_url).toBe(receiver.url('/rest-bundle'));
  expect(new URL(created.upload_url).pathname).toBe(`/${BUNDLE_BUCKET}/${uploadKey(created.blob_id, 'anonymous')}`);

  const got = (await invokeBundle(bundles.restApi, event('GET', '/blobs/{blob_id}', `/blobs/${created.blob_id}`, { pathParameters: { blob_id: created.blob_id } }))) as Result;
  expect(got.statusCode).toBe(200);
  expect(JSON.parse(got.body)).toEqual({ blob_id: created.blob_id, status: 'PENDING_UPLOAD' });
  expect((await graphqlData(stack, BLOB, { id: created.blob_id })).blob).toMatchObject({ status: 'PENDING_UPLOAD', callbackUrl: receiver.url('/rest-bundle') });

  const refused = (await invokeBundle(bundles.restApi, event('POST', '/blobs', '/blobs', { body: '{"content_type": "image/gif"}' }))) as Result;
  expect(refused.statusCode).toBe(400);
  expect(JSON.parse(refused.body)).toEqual({ message: 'content_type must be one of image/jpeg, image/png; got "image/gif"' });
}, 120_000);

/** The ELF machine of a shared object: 183 is EM_AARCH64 (Lambda's arm64), 62 EM_X86_64. */
async function elfMachine(file: string): Promise<number> {
  const head = await readFile(file);
  expect(head.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return head.readUInt16LE(18);
}

it("ships sharp beside the labelling bundle as an installed package with linux-arm64 binaries (the functions' architecture), not the synthesizing machine's, and nothing beside the others", async () => {
  const EM_AARCH64 = 183;
  const labelDir = dirname(bundles.labelBlob);
  const modules = join(labelDir, 'node_modules');
  // The bundle leaves sharp to Node's resolver, which finds the shipped package next to index.mjs.
  expect(createRequire(bundles.labelBlob).resolve('sharp').startsWith(join(modules, 'sharp', 'dist'))).toBe(true);
  // The version this project locks and tests, not whatever the registry has newest.
  const installed = JSON.parse(await readFile(join(modules, 'sharp', 'package.json'), 'utf8')) as { version: string };
  const lock = JSON.parse(await readFile(join(ROOT_DIR, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  expect(installed.version).toBe(lock.packages['node_modules/sharp'].version);

  const img = await readdir(join(modules, '@img'));
  expect(img).toEqual(expect.arrayContaining(['sharp-linux-arm64', 'sharp-libvips-linux-arm64']));
  expect(img.filter((name) => /x64|darwin|win32|musl/.test(name))).toEqual([]);
  const addon = (await readdir(join(modules, '@img', 'sharp-linux-arm64', 'lib'))).filter((f) => f.endsWith('.node'));
  expect(addon).toHaveLength(1);
  expect(await elfMachine(join(modules, '@img', 'sharp-linux-arm64', 'lib', addon[0]))).toBe(EM_AARCH64);
  const libvips = (await readdir(join(modules, '@img', 'sharp-libvips-linux-arm64', 'lib'))).filter((f) => f.startsWith('libvips-cpp.so'));
  expect(libvips).toHaveLength(1);
  expect(await elfMachine(join(modules, '@img', 'sharp-libvips-linux-arm64', 'lib', libvips[0]))).toBe(EM_AARCH64);

  for (const { description } of Object.values(lambdaFunctions).filter((f) => f.entry !== lambdaFunctions.labelBlob.entry)) {
    const dir = assetDirs.get(description);
    expect(dir, description).toBeDefined();
    expect(await readdir(dir!), description).not.toContain('node_modules');
  }
});
