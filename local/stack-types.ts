/** What `startLocalStack` is told and what a running local stack offers (npm start, tests, bench). */
import type { LocalStackConfig } from './config.js';
import type { IssuedCode, LocalCognito } from './cognito/index.js';
import type { AmplifyOutputs } from './amplify-outputs.js';
import type { LocalMetrics } from './metrics/index.js';
import type { createCreateBlobHandler } from '../functions/create-blob/handler.js';
import type { createLabelBlobHandler } from '../functions/label-blob/handler.js';
import type { createSqsLabelBlobHandler } from '../functions/label-blob/sqs-entry.js';
import type { QueueStats } from './sqs/index.js';
import type { StoredMessage } from './sqs/sqs-record.js';
import type { QueueEventSource } from './template/event-sources.js';
import type { createDeleteBlobHandler } from '../functions/delete-blob/handler.js';
import type { createBlobImageUrlHandler } from '../functions/blob-image-url/handler.js';
import type { createSearchBlobsHandler } from '../functions/search-blobs/handler.js';
import type { createRestApiHandler } from '../functions/rest-api/handler.js';

export type StartLocalStackOptions = Partial<LocalStackConfig> & {
  dataDir: string;
  rootDir?: string;
  /** Shorthand for graphqlPort (tests pass 0 for an ephemeral port). */
  port?: number;
  /** Where the Lambda handlers send Rekognition calls instead of the stand-in (a test's fault-injecting proxy in front of it). */
  functionsRekognitionEndpoint?: string;
  /** Where the Lambda handlers send DynamoDB calls instead of the stand-in (a test's fault-injecting proxy in front of it). */
  functionsDynamodbEndpoint?: string;
  /** Where amplify_outputs.json goes; tests usually leave it unset. */
  writeOutputsTo?: string;
  onProgress?: (step: string) => void;
  /** Each verification code the user pool issues (npm start prints them: no e-mail is sent). */
  onVerificationCode?: (code: IssuedCode) => void;
};

export interface LocalStack {
  graphqlUrl: string;
  /** The seed's REST API (POST {restApiUrl}/blobs, GET {restApiUrl}/blobs/{blob_id}). */
  restApiUrl: string;
  realtimeUrl: string;
  webUrl?: string;
  apiKey: string;
  region: string;
  s3Endpoint: string;
  /** The same S3 port over TLS (trust certPath): Amplify Storage's customEndpoint, without the scheme. */
  s3TlsEndpoint: string;
  dynamodbEndpoint: string;
  rekognitionEndpoint: string;
  bucketName: string;
  tableName: string;
  /** The certificate to trust for the TLS side of the GraphQL port (NODE_EXTRA_CA_CERTS). */
  certPath: string;
  webhookSecret: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  outputs: AmplifyOutputs;
  /** The Cognito user-pool stand-in: endpoint, pool and client ids, issuer and JWKS, and the codes it issued. */
  userPool: Omit<LocalCognito, 'close'>;
  /** The Cognito identity-pool stand-in, when the template has an identity pool: its id and endpoint (custom.identity_pool_endpoint). */
  identityPool?: { identityPoolId: string; endpoint: string; allowGuests: boolean };
  /** The in-process Lambda handlers, as S3 and the engine invoke them (tests replay events through them). */
  handlers: {
    createBlob: ReturnType<typeof createCreateBlobHandler>;
    /** The S3-event handler (tests replay S3 events through it). */
    labelBlob: ReturnType<typeof createLabelBlobHandler>;
    /** The function's entry as the uploads queue invokes it: SQS messages in, batchItemFailures out. */
    labelBlobFromQueue: ReturnType<typeof createSqsLabelBlobHandler>;
    deleteBlob: ReturnType<typeof createDeleteBlobHandler>;
    blobImageUrl: ReturnType<typeof createBlobImageUrlHandler>;
    searchBlobs: ReturnType<typeof createSearchBlobsHandler>;
    restApi: ReturnType<typeof createRestApiHandler>;
  };
  /** The uploads queue (S3 → SQS → labelBlob): its pacing from the template, counts, and the dead-letter queue's messages. */
  uploadsQueue: { stats(): QueueStats; deadLetters(): readonly StoredMessage[]; source: QueueEventSource };
  /** S3 events written but not yet handled. */
  pendingEvents(): number;
  /** The local Rekognition's models loaded so far (each loads on first use). */
  loadedModels(): string[];
  /** The functions' EMF metrics, collected (also at GET /_local/metrics on the GraphQL port). */
  metrics: Pick<LocalMetrics, 'snapshot' | 'rollMinute'>;
  /** Calls the local Rekognition admitted and throttled, per operation, under its TPS limit (rekognitionTps). */
  rekognitionThroughput(): Record<string, { admitted: number; throttled: number }>;
  close(): Promise<void>;
}
