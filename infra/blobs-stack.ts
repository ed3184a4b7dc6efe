/**
 * The whole API on AWS: storage, table, webhook secret, functions, AppSync, the upload trigger
 * and alarms, composed from one construct per concern. Resolver code is bundled beforehand
 * (asynchronously) and handed in, so the stack deploys exactly what the local engine runs.
 */
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BlobApi, type ApiWiring } from './constructs/api.js';
import { Firewall, WAF_RULES } from './constructs/firewall.js';
import { BlobFunctions, FUNCTION_PROFILES } from './constructs/functions.js';
import { LabellingTrigger } from './constructs/labelling-trigger.js';
import { OperationsDashboard } from './constructs/dashboard.js';
import { Monitoring } from './constructs/monitoring.js';
import { SeedRestApi } from './constructs/rest-api.js';
import { BlobStorage } from './constructs/storage.js';
import { BlobTable } from './constructs/table.js';
import { UserPool } from './constructs/user-pool.js';
import { IdentityPool } from './constructs/identity-pool.js';
import { WebhookSecret } from './constructs/webhook-secret.js';
import { acknowledgeCdkProviders } from './nag.js';
import { grantAccessTokens, grantAuthorizeAccessToken, grantBlobImageUrl, grantCreateBlob, grantDeleteBlob, grantLabelBlob, grantOwnPhotos, grantRestApi, grantSearchBlobs } from './permissions.js';
import { SearchTokenSecret } from './constructs/search-token-secret.js';
import type { ResolverCode } from './resolver-code.js';
import { labellingPacing } from './pacing.js';
import { OUTPUT_NAMES } from './stack-outputs.js';
import type { BlobStackSettings } from './settings.js';

export interface BlobsStackProps extends StackProps {
  readonly rootDir: string;
  readonly settings: BlobStackSettings;
  readonly resolverCode: ResolverCode;
  readonly wiring?: ApiWiring;
}


export class BlobsStack extends Stack {
  readonly storage: BlobStorage;
  readonly table: BlobTable;
  readonly webhookSecret: WebhookSecret;
  readonly searchTokenSecret: SearchTokenSecret;
  readonly functions: BlobFunctions;
  readonly users: UserPool;
  readonly identities: IdentityPool;
  readonly api: BlobApi;
  readonly trigger: LabellingTrigger;
  readonly monitoring: Monitoring;
  readonly restApi: SeedRestApi;
  readonly firewall: Firewall;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: BlobsStackProps) {
    super(scope, id, { description: 'Image-recognition API: AppSync, Lambda, S3, DynamoDB, Rekognition', ...props });
    const { settings } = props;
    const removalPolicy = settings.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = logs.RetentionDays.ONE_MONTH;

    this.storage = new BlobStorage(this, 'Storage', { removalPolicy, corsOrigins: settings.corsOrigins, retentionDays: settings.retentionDays, userRetentionDays: settings.userRetentionDays });
    this.table = new BlobTable(this, 'Blobs', { removalPolicy });
    this.webhookSecret = new WebhookSecret(this, 'WebhookSecret', { removalPolicy });
    this.searchTokenSecret = new SearchTokenSecret(this, 'SearchTokenSecret', { removalPolicy });

    this.functions = new BlobFunctions(this, 'Functions', {
      rootDir: props.rootDir,
      logRetention,
      removalPolicy,
      environment: {
        BLOB_TABLE_NAME: this.table.table.tableName,
        BLOB_BUCKET_NAME: this.storage.bucket.bucketName,
        UPLOAD_URL_TTL_SECONDS: String(settings.uploadUrlTtlSeconds),
        BLOB_TTL_DAYS: String(settings.retentionDays),
        // Absent: signed-in users' blobs carry no TTL (kept until deleted).
        ...(settings.userRetentionDays !== undefined && { USER_BLOB_TTL_DAYS: String(settings.userRetentionDays) }),
        LOG_LEVEL: settings.logLevel,
      },
    });
    const { createBlob, labelBlob, restApi, deleteBlob, blobImageUrl, searchBlobs, accessTokens, authorizeAccessToken } = this.functions.functions;

    this.users = new UserPool(this, 'Users', { removalPolicy });
    this.identities = new IdentityPool(this, 'Identities', { userPool: this.users.pool, client: this.users.client });

    this.api = new BlobApi(this, 'Api', {
      rootDir: props.rootDir,
      resolverCode: props.resolverCode,
      wiring: props.wiring,
      table: this.table.table,
      functions: this.functions.functions,
      apiKeyExpiryDays: settings.apiKeyExpiryDays,
      userPool: this.users,
      logRetention,
    });

    labelBlob.addEnvironment('GRAPHQL_URL', this.api.api.graphqlUrl);
    labelBlob.addEnvironment('WEBHOOK_SECRET_ARN', this.webhookSecret.secret.secretArn);
    grantCreateBlob(createBlob, { table: this.table.table, bucket: this.storage.bucket });
    grantRestApi(restApi, { table: this.table.table, bucket: this.storage.bucket });
    this.restApi = new SeedRestApi(this, 'SeedRestApi', { handler: restApi, apiKeyValue: this.api.api.apiKey ?? '', logRetention, removalPolicy, createCloudWatchRole: settings.apiGatewayCloudWatchRole });
    // Both public entry points behind the same rules: WAF runs before the API key is checked.
    this.firewall = new Firewall(this, 'Firewall', {
      rateLimit: settings.wafRateLimit,
      rateWindowSeconds: settings.wafRateWindowSeconds,
      maxBodyBytes: settings.wafMaxBodyBytes,
      protects: { GraphqlApiAssociation: this.api.api.arn, RestStageAssociation: this.restApi.api.deploymentStage.stageArn },
    });
    grantOwnPhotos(this.identities.authenticatedRole, { bucket: this.storage.bucket, api: this.api.api });
    grantLabelBlob(labelBlob, { table: this.table.table, bucket: this.storage.bucket, api: this.api.api, webhookSecret: this.webhookSecret.secret });
    grantDeleteBlob(deleteBlob, { table: this.table.table, bucket: this.storage.bucket });
    grantBlobImageUrl(blobImageUrl, { bucket: this.storage.bucket });
    searchBlobs.addEnvironment('SEARCH_TOKEN_SECRET_ARN', this.searchTokenSecret.secret.secretArn);
    grantSearchBlobs(searchBlobs, { table: this.table.table, tokenSecret: this.searchTokenSecret.secret });
    grantAccessTokens(accessTokens, { table: this.table.table });
    grantAuthorizeAccessToken(authorizeAccessToken, { table: this.table.table });

    this.trigger = new LabellingTrigger(this, 'LabellingTrigger', { bucket: this.storage.bucket, labeller: labelBlob, pacing: labellingPacing(settings.rekognitionTps, FUNCTION_PROFILES.labelBlob.timeout), removalPolicy });
    this.monitoring = new Monitoring(this, 'Monitoring', { functions: this.functions.functions, failedEvents: this.trigger.failedEvents, labeller: labelBlob, alarmEmail: settings.alarmEmail, removalPolicy });
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      functions: this.functions.functions,
      failedEvents: this.trigger.failedEvents,
      graphqlApiId: this.api.api.apiId,
      webAcl: { name: this.firewall.webAclName, rules: Object.values(WAF_RULES) },
    });

    acknowledgeCdkProviders(this);

    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output(OUTPUT_NAMES.graphqlUrl, this.api.api.graphqlUrl, 'AppSync GraphQL endpoint');
    output(OUTPUT_NAMES.restApiUrl, this.restApi.url, "The seed's REST API (POST {url}/blobs, GET {url}/blobs/{blob_id}; x-api-key)");
    output(OUTPUT_NAMES.region, Aws.REGION, 'Region of the deployment');
    output(OUTPUT_NAMES.apiKey, this.api.api.apiKey ?? '', 'API key for public clients (amplify_outputs.json)');
    output(OUTPUT_NAMES.userPoolId, this.users.pool.userPoolId, 'Cognito user pool of signed-in users (amplify_outputs.json auth)');
    output(OUTPUT_NAMES.userPoolClientId, this.users.client.userPoolClientId, 'Public app client of the user pool: no secret, SRP sign-in');
    output(OUTPUT_NAMES.identityPoolId, this.identities.pool.ref, 'Cognito identity pool: signed-in users\' credentials for their own storage prefix (amplify_outputs.json auth.identity_pool_id)');
    output(OUTPUT_NAMES.bucketName, this.storage.bucket.bucketName, 'Upload bucket (keys: uploads/{anonymous|users}/<blob id>, thumbnails/…; api/object-keys.ts)');
    output(OUTPUT_NAMES.tableName, this.table.table.tableName, 'Blobs table');
    output(OUTPUT_NAMES.webhookSecretArn, this.webhookSecret.secret.secretArn, 'Standard Webhooks signing secret (Secrets Manager)');
    output(OUTPUT_NAMES.uploadsQueueUrl, this.trigger.uploads.queueUrl, 'Uploads waiting to be labelled (paced to rekognitionTps)');
    output(OUTPUT_NAMES.failedEventsQueueUrl, this.trigger.failedEvents.queueUrl, 'Labelling events given up on after retries');
  }
}
