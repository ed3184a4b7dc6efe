/**
 * The local runtime, assembled: DynamoDB, S3 and Rekognition stand-ins, the Lambda handlers
 * in-process, and the AppSync-compatible engine in front. `npm start` and the end-to-end tests
 * both start exactly this. Nothing here knows about images or labels: it only binds the
 * declared wiring (api/wiring.ts) to local endpoints and credentials.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LABELLING_EVENTS } from '../api/object-keys.js';
import { dataSources, resolvers, type lambdaFunctions } from '../api/wiring.js';
import { startLocalAppSync } from './appsync/index.js';
import { ensureLocalCertificate } from './tls/certificate.js';
import { ensureBlobTable, startLocalDynamoDB, startTtlSweeper } from './dynamodb/index.js';
import { startLocalAuth } from './stack-auth.js';
import { startLocalRekognition } from './rekognition/index.js';
import { adoptLegacyBucket, startLocalS3 } from './s3/index.js';
import { DeadLettered, QueueClosed, startFunctionQueue, type LocalQueue } from './sqs/index.js';
import { createCreateBlobHandler } from '../functions/create-blob/handler.js';
import { createLabelBlobHandler } from '../functions/label-blob/handler.js';
import { createSqsLabelBlobHandler } from '../functions/label-blob/sqs-entry.js';
import { createDeleteBlobHandler } from '../functions/delete-blob/handler.js';
import { createBlobImageUrlHandler } from '../functions/blob-image-url/handler.js';
import { createSearchBlobsHandler } from '../functions/search-blobs/handler.js';
import { createAccessTokensHandler } from '../functions/access-tokens/handler.js';
import { createAuthorizeTokenHandler } from '../functions/authorize-token/handler.js';
import { engineAuth } from './engine-auth.js';
import { amplifyOutputs } from './amplify-outputs.js';
import { localDeployment } from './deployment.js';
import { startLocalSecretsManager } from './secretsmanager/index.js';
import { loadTemplate } from './template/cache.js';
import { passwordPolicyOf } from './template/user-pool.js';
import { writeFileAtomically } from './atomic-file.js';
import { persistentSecret } from './persistent-secret.js';
import { claimDataDir } from './data-dir-format.js';
import { publicEndpoint } from './listen.js';
import { LOCAL_NOTIFY_LEASE_SECONDS } from './config.js';
import type { LocalStack, StartLocalStackOptions } from './stack-types.js';
import { serveStatic } from './static-files.js';
import { createRestApiHandler } from '../functions/rest-api/handler.js';
import { localRestApi, REST_API_BASE_PATH } from './apigateway/index.js';
import { createLocalWaf, wafRulesFromTemplate } from './waf/index.js';
import { collectLocalMetrics } from './metrics/index.js';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALDEVACCESSKEY', secretAccessKey: 'local-dev-secret-access-key' } as const;
export type { LocalStack, StartLocalStackOptions } from './stack-types.js';
const TABLE_NAME = 'blobs';
/** Dotted for Amplify Storage, which addresses a bucket path-style only then (docs/uploads.md). */
const BUCKET_NAME = 'blobs.local';
const LEGACY_BUCKET_NAME = 'blobs';
/** The GraphQL API's id in the ARNs IAM policies name (arn:aws:appsync:…:apis/<id>/…). */
const API_ID = 'local';

export async function startLocalStack(options: StartLocalStackOptions): Promise<LocalStack> {
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const publicHost = options.publicHost ?? '127.0.0.1';
  const progress = options.onProgress ?? (() => {});
  const notifyLeaseSeconds = options.notifyLeaseSeconds ?? LOCAL_NOTIFY_LEASE_SECONDS;
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  await mkdir(dataDir, { recursive: true });
  await claimDataDir(dataDir);

  try {
    progress('Reading the synthesized template…');
    const { template } = await loadTemplate({ rootDir, templateFile: options.templateFile });
    let engineUrl: string | undefined;
    const deployment = localDeployment({
      template,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      stackName: 'BlobsStack',
      enforce: options.enforceIam ?? true,
      adminCredentials: LOCAL_CREDENTIALS,
      bucketName: BUCKET_NAME,
      tableName: TABLE_NAME,
      apiId: API_ID,
      graphqlUrl: () => {
        if (!engineUrl) throw new Error('GRAPHQL_URL is read before the engine listens');
        return engineUrl;
      },
    });
    const { authority } = deployment;
    const iam = { credentials: authority.credentials, authorize: authority.authorize };

    const apiKey = options.apiKey ?? (await persistentSecret(join(dataDir, 'api-key'), () => `da2-${randomBytes(16).toString('hex')}`));
    const webhookSecret = options.webhookSecret ?? (await persistentSecret(join(dataDir, 'webhook-secret'), () => `whsec_${randomBytes(32).toString('base64')}`));
    const searchTokenSecret = await persistentSecret(join(dataDir, 'search-token-secret'), () => randomBytes(32).toString('base64url'));

    progress('Starting DynamoDB…');
    const dynamodb = await startLocalDynamoDB({ dataDir: join(dataDir, 'dynamodb'), host, port: options.dynamodbPort ?? 0, iam: { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, authority } });
    closers.push(() => dynamodb.close());
    const dynamodbClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await ensureBlobTable(dynamodbClient, TABLE_NAME);
    const ttlSweeper = startTtlSweeper(dynamodbClient, TABLE_NAME);
    closers.push(async () => {
      await ttlSweeper.stop();
      dynamodbClient.destroy();
    });

    progress('Generating the local TLS certificate…');
    const certificate = await ensureLocalCertificate(join(dataDir, 'tls'));

    // The GraphQL port must be known before the handlers are built (the labeller calls it),
    // and the S3 endpoint before the engine (createBlob presigns URLs for it): start S3
    // first with a late-bound event sink, the uploads queue (S3 → SQS → labelBlob, as on AWS).
    let uploads: LocalQueue | undefined;
    const onBucketEvent = async (event: unknown): Promise<void> => {
      // Retried with backoff by the outbox (events a previous run left arrive this early).
      if (!uploads) throw new Error('the uploads queue is not ready yet');
      await uploads.send(JSON.stringify(event));
    };
    progress('Starting S3…');
    await adoptLegacyBucket(join(dataDir, 's3'), LEGACY_BUCKET_NAME, BUCKET_NAME);
    const s3 = await startLocalS3({
      dataDir: join(dataDir, 's3'),
      host,
      port: options.s3Port ?? 0,
      region: LOCAL_REGION,
      ...iam,
      credentials: iam.credentials,
      tls: { key: certificate.key, cert: certificate.cert }, // Amplify Storage's customEndpoint is https only
      buckets: [BUCKET_NAME],
      // As on AWS (infra/constructs/storage.ts): each upload is a version, and a blob's labels
      // stay pinned to the version that was labelled.
      versionedBuckets: [BUCKET_NAME],
      // The bucket's CORS rule from the template: the browser is allowed here what it is on AWS.
      cors: deployment.bucketCors,
      onEvent: (event) => onBucketEvent(event),
      // As the stack's notification configuration (infra/constructs/labelling-trigger.ts): uploads only.
      notifications: LABELLING_EVENTS,
      // Each event stays in the durable outbox until the queue's consumer deleted it, so the
      // outbox holds the whole backlog and the queue alone paces the work.
      maxConcurrentDeliveries: 100_000,
      onDeliveryFailure: (error) => (error instanceof DeadLettered ? 'dead-letter' : error instanceof QueueClosed ? 'keep' : 'retry'),
    });
    closers.push(() => s3.close());
    const s3Endpoint = publicEndpoint(s3.endpoint, publicHost);

    progress('Starting Rekognition (on-device model)…');
    const rekognition = await startLocalRekognition({
      host,
      port: options.rekognitionPort ?? 0,
      region: LOCAL_REGION,
      ...iam,
      s3: { endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true },
      workers: options.labellerWorkers ?? 1, runtime: options.labellerRuntime,
      tps: options.rekognitionTps,
    });
    closers.push(() => rekognition.close());

    // The webhook secret lives where the template says (WEBHOOK_SECRET_ARN): the functions read
    // it from Secrets Manager, as on AWS.
    const secrets = [
      ...(deployment.webhookSecretArn ? [{ arn: deployment.webhookSecretArn, value: webhookSecret }] : []),
      ...(deployment.searchTokenSecretArn ? [{ arn: deployment.searchTokenSecretArn, value: searchTokenSecret }] : []),
    ];
    const secretsManager = await startLocalSecretsManager({ host, port: 0, ...iam, secrets });
    closers.push(() => secretsManager.close());

    // What a Lambda's runtime adds to its template environment (AWS_REGION), the endpoints, and
    // the local runtime's own tuning; everything else is the function's environment in the template.
    const localFunctionSettings = {
      region: LOCAL_REGION,
      allowLoopbackCallbacks: options.allowLoopbackCallbacks ?? true,
      // A template without WEBHOOK_SECRET_ARN (BLOBS_TEMPLATE) gets the secret directly.
      webhookSecret: deployment.webhookSecretArn ? undefined : webhookSecret,
      searchTokenSecret: deployment.searchTokenSecretArn ? undefined : searchTokenSecret,
      forcePathStyle: true,
      endpoints: { s3: s3Endpoint, dynamodb: options.functionsDynamodbEndpoint ?? dynamodb.endpoint, rekognition: options.functionsRekognitionEndpoint ?? rekognition.endpoint, secretsManager: secretsManager.endpoint },
      notifyLeaseSeconds,
      webhook: { timeoutMs: 5_000, attempts: 4, minDelayMs: 500 },
    };
    const configOf = (name: keyof typeof lambdaFunctions) => deployment.functionConfig(name, localFunctionSettings);

    progress('Starting the user pool and the identity pool…');
    const auth = await startLocalAuth({
      ...{ dataDir, host, publicHost, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, authority },
      userPoolPort: options.cognitoPort ?? 0,
      identityPoolPort: options.identityPoolPort ?? 0,
      passwordPolicy: passwordPolicyOf(template),
      identityPool: deployment.identityPool,
      onCode: options.onVerificationCode,
    });
    closers.push(() => auth.close());
    const { close: _closeCognito, ...userPool } = auth.userPool;
    const identityPool = auth.identityPool && { identityPoolId: auth.identityPool.identityPoolId, endpoint: auth.identityPool.endpoint, allowGuests: deployment.identityPool!.allowUnauthenticated };

    // Before any handler runs: their EMF lines are collected from stdout from here on.
    const metrics = collectLocalMetrics();
    closers.push(async () => metrics.close());

    progress('Starting the AppSync engine…');
    const createBlob = createCreateBlobHandler(configOf('createBlob'));
    const deleteBlob = createDeleteBlobHandler(configOf('deleteBlob'));
    const blobImageUrl = createBlobImageUrlHandler(configOf('blobImageUrl'));
    const searchBlobs = createSearchBlobsHandler(configOf('searchBlobs'));
    const restApi = createRestApiHandler(configOf('restApi'));
    const accessTokens = createAccessTokensHandler(configOf('accessTokens'));
    const authorizeAccessToken = createAuthorizeTokenHandler(configOf('authorizeAccessToken'));
    const webRoot = options.webRoot;
    const engine = await startLocalAppSync({
      rootDir,
      schemaFile: 'schema.graphql',
      resolvers,
      dataSources,
      bindings: {
        // AppSync calls DynamoDB with the data source's service role.
        blobTable: { type: 'AMAZON_DYNAMODB', tableName: TABLE_NAME, endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: deployment.dataSourceCredentials('blobTable') ?? LOCAL_CREDENTIALS },
        storageLinkTable: { type: 'AMAZON_DYNAMODB', tableName: TABLE_NAME, endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: deployment.dataSourceCredentials('storageLinkTable') ?? LOCAL_CREDENTIALS },
        createBlobFunction: { type: 'AWS_LAMBDA', handler: (event) => createBlob(event as never) },
        deleteBlobFunction: { type: 'AWS_LAMBDA', handler: (event) => deleteBlob(event as never) },
        blobImageUrlFunction: { type: 'AWS_LAMBDA', handler: (event) => blobImageUrl(event as never) },
        searchBlobsFunction: { type: 'AWS_LAMBDA', handler: (event) => searchBlobs(event as never) },
        accessTokensFunction: { type: 'AWS_LAMBDA', handler: (event) => accessTokens(event as never) },
        none: { type: 'NONE' },
      },
      auth: engineAuth({ apiKey, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, apiId: API_ID, iam: { credentials: authority.credentials, authority }, userPool, authorizer: (event) => authorizeAccessToken(event as never) }),
      tls: { key: certificate.key, cert: certificate.cert },
      host,
      port: options.port ?? options.graphqlPort ?? 0,
      staticHandler: webRoot ? serveStatic(webRoot, () => outputs) : undefined,
      mounts: [localRestApi({ handler: restApi, apiKeys: () => [apiKey] }), { basePath: '/_local/metrics', handle: metrics.handle }],
      // The deployed web ACL's rules, read from the template, when asked for (BLOBS_WAF).
      firewall: options.waf ? createLocalWaf(wafRulesFromTemplate(template)) : undefined,
      // ctx.env: the API's environment variables in the template, the table named as bound here.
      env: deployment.apiEnvironment,
    });
    closers.push(() => engine.close());

    const graphqlUrl = publicEndpoint(engine.url, publicHost);
    engineUrl = engine.url;
    const labelBlob = createLabelBlobHandler(configOf('labelBlob'));
    const labelBlobFromQueue = createSqsLabelBlobHandler(configOf('labelBlob'), labelBlob);
    const queue = startFunctionQueue({
      deployment,
      functionName: 'labelBlob',
      region: LOCAL_REGION,
      consume: labelBlobFromQueue,
      // Local tuning, as notifyLeaseSeconds above: a failed message (a notification another
      // invocation still holds, a throttle) returns just after the local lease has lapsed,
      // not after the template's six minutes; still far longer than a paced batch is held.
      maxVisibilityTimeoutSeconds: notifyLeaseSeconds + 5,
    });
    uploads = queue;
    // Closed before S3 (closers run in reverse): unfinished messages go back to the outbox on disk.
    closers.push(() => queue.close());

    const s3TlsEndpoint = publicEndpoint(s3.tlsEndpoint!, publicHost);
    const restApiUrl = graphqlUrl.replace(/\/graphql$/, REST_API_BASE_PATH);
    const outputs = amplifyOutputs({ graphqlUrl, region: LOCAL_REGION, apiKey, restApiUrl, userPool: { userPoolId: userPool.userPoolId, clientId: userPool.clientId, region: LOCAL_REGION, endpoint: userPool.endpoint, passwordPolicy: userPool.passwordPolicy }, identityPool, storage: identityPool && { bucketName: BUCKET_NAME, region: LOCAL_REGION, endpoint: new URL(s3TlsEndpoint).host } });
    const outputsFile = options.writeOutputsTo ?? options.outputsFile;
    if (outputsFile) {
      // Its appearance is the readiness signal other processes wait for: it must appear whole.
      await writeFileAtomically(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
      closers.unshift(() => rm(outputsFile, { force: true }));
    }

    return {
      graphqlUrl,
      restApiUrl,
      realtimeUrl: publicEndpoint(engine.realtimeUrl, publicHost),
      webUrl: webRoot ? graphqlUrl.replace(/\/graphql$/, '/') : undefined,
      apiKey,
      region: LOCAL_REGION,
      s3Endpoint,
      s3TlsEndpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      rekognitionEndpoint: rekognition.endpoint,
      bucketName: BUCKET_NAME,
      tableName: TABLE_NAME,
      certPath: certificate.certPath,
      webhookSecret,
      credentials: { ...LOCAL_CREDENTIALS },
      outputs,
      userPool,
      identityPool,
      handlers: { createBlob, labelBlob, labelBlobFromQueue, restApi, deleteBlob, blobImageUrl, searchBlobs },
      uploadsQueue: { stats: () => queue.stats(), deadLetters: () => queue.deadLetters(), source: queue.source },
      pendingEvents: () => s3.pendingEvents(),
      loadedModels: () => rekognition.labeller.loadedModels(),
      metrics,
      rekognitionThroughput: () => rekognition.throughput(),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

