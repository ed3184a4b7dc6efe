/** What the functions are told by their environment, read once. Only this differs between AWS and local. */
export interface FunctionConfig {
  region: string;
  tableName: string;
  bucketName: string;
  /** Where publishBlobLabelled is sent (SigV4, service appsync). */
  graphqlUrl: string;
  uploadUrlTtlSeconds: number;
  /** Days an anonymous (API-key or IAM) blob's record is kept. */
  blobTtlDays: number;
  /** Days a signed-in user's blob's record is kept; undefined: until deleted. */
  userBlobTtlDays?: number;
  /** Loopback webhooks, for local development only. */
  allowLoopbackCallbacks: boolean;
  /** `whsec_…` (local) … */
  webhookSecret?: string;
  /** … or a Secrets Manager secret holding it (AWS). */
  webhookSecretArn?: string;
  /** The secret searchBlobs seals nextTokens with: given directly … */
  searchTokenSecret?: string;
  /** … or in Secrets Manager. */
  searchTokenSecretArn?: string;
  forcePathStyle: boolean;
  /** Explicit credentials (local); undefined = the SDK's default chain (AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Explicit endpoints (local); undefined = the SDK's defaults, which also honour AWS_ENDPOINT_URL_<SERVICE>. */
  endpoints?: { s3?: string; dynamodb?: string; rekognition?: string; secretsManager?: string };
  webhook?: { timeoutMs?: number; attempts?: number; minDelayMs?: number };
  /** How long a notifier may hold a finished blob's notification before another may take over. */
  notifyLeaseSeconds?: number;
  /**
   * The least time between two calls of one Rekognition operation in one labelling invocation,
   * so that the function's maximum concurrency over this interval stays within Rekognition's
   * quota (infra/pacing.ts sets it; 0 = unpaced).
   */
  rekognitionCallIntervalMs?: number;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Environment variable ${name} must be a positive number`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    tableName: required(env, 'BLOB_TABLE_NAME'),
    bucketName: required(env, 'BLOB_BUCKET_NAME'),
    graphqlUrl: env.GRAPHQL_URL ?? '',
    uploadUrlTtlSeconds: number(env, 'UPLOAD_URL_TTL_SECONDS', 300),
    blobTtlDays: number(env, 'BLOB_TTL_DAYS', 30),
    userBlobTtlDays: env.USER_BLOB_TTL_DAYS ? number(env, 'USER_BLOB_TTL_DAYS', 0) : undefined,
    allowLoopbackCallbacks: env.ALLOW_LOOPBACK_CALLBACKS === 'true',
    webhookSecret: env.WEBHOOK_SECRET || undefined,
    webhookSecretArn: env.WEBHOOK_SECRET_ARN || undefined,
    searchTokenSecret: env.SEARCH_TOKEN_SECRET || undefined,
    searchTokenSecretArn: env.SEARCH_TOKEN_SECRET_ARN || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    rekognitionCallIntervalMs: number(env, 'REKOGNITION_CALL_INTERVAL_MS', 0),
  };
}
