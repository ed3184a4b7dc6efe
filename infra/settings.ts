/**
 * Deployment knobs, read from CDK context (`cdk.json` or `-c key=value`). CLI context values
 * arrive as strings and cdk.json values as JSON, so every reader accepts both and fails with
 * a message naming the key rather than deploying something unintended.
 */
export interface BlobStackSettings {
  /** CloudFormation stack name; `npm run outputs` looks it up by this name. */
  readonly stackName: string;
  /** What happens to the table, bucket and log buckets when the stack is deleted. */
  readonly removalPolicy: 'retain' | 'destroy';
  /** Browser origins allowed to PUT to presigned upload URLs. */
  readonly corsOrigins: readonly string[];
  /** Days until an anonymous (API-key or IAM) blob's image and thumbnail are deleted (S3 lifecycle) and its record expires (DynamoDB TTL). */
  readonly retentionDays: number;
  /**
   * The same for a signed-in user's blobs. Absent (the default): kept until the user deletes
   * them, since a gallery that empties itself surprises its users.
   */
  readonly userRetentionDays?: number;
  /** Validity of presigned upload URLs. */
  readonly uploadUrlTtlSeconds: number;
  /**
   * Days until the API key expires; redeploying renews it. AppSync accepts an expiry from 1 to
   * 365 days ahead *by its own clock when the change set runs*, but the date is fixed here, at
   * synth, by this machine's clock. So the range is 2-364: one day's margin at each end for a
   * clock that runs ahead or behind and for the time between synth and deploy. 365 used to be
   * allowed (and the default), and a deploying clock a minute fast then failed with
   * ApiKeyValidityOutOfBoundsException.
   */
  readonly apiKeyExpiryDays: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** If set, alarms notify this address through an SNS topic. */
  readonly alarmEmail?: string;
  /**
   * Whether this stack sets API Gateway's account-wide CloudWatch role (AWS::ApiGateway::Account),
   * which the REST API's access logs need. Off by default: there is one such setting per account
   * and region, so a stack that sets it overwrites what another set, and it stays behind when the
   * stack is deleted. Turn it on (`-c apiGatewayCloudWatchRole=true`) only in an account where
   * nothing else sets it (docs/deploying.md).
   */
  readonly apiGatewayCloudWatchRole: boolean;
  /**
   * WAF's rate-based rule, per client IP, on both APIs: more than `wafRateLimit` requests in the
   * trailing `wafRateWindowSeconds` and the IP is refused (403) until its rate falls below. The
   * default, 1,000 per 5 minutes (~3.3/s sustained), is far above what a page or the CLI sends
   * and far below a createBlob loop's thousands a minute.
   */
  readonly wafRateLimit: number;
  readonly wafRateWindowSeconds: 60 | 120 | 300 | 600;
  /** WAF's body-size rule: larger request bodies are refused (403) before AppSync or API Gateway runs. */
  readonly wafMaxBodyBytes: number;
  /**
   * The account's Rekognition quota per operation (transactions per second; Service Quotas,
   * "Transactions per second per account for Amazon Rekognition Image operations"). Labelling is
   * paced to it (infra/pacing.ts). 5 is safe in every region; raise it to your quota.
   */
  readonly rekognitionTps: number;
}

/** The API key expiry this project accepts: AppSync's 1-365 days less a day's margin each end. */
export const API_KEY_EXPIRY_DAYS = { min: 2, max: 364 } as const;

export const DEFAULT_SETTINGS: BlobStackSettings = {
  stackName: 'BlobsStack',
  removalPolicy: 'retain',
  corsOrigins: ['*'],
  retentionDays: 30,
  uploadUrlTtlSeconds: 300,
  apiKeyExpiryDays: API_KEY_EXPIRY_DAYS.max,
  logLevel: 'INFO',
  apiGatewayCloudWatchRole: false,
  wafRateLimit: 1_000,
  wafRateWindowSeconds: 300,
  wafMaxBodyBytes: 8_192,
  rekognitionTps: 5,
};

/**
 * WAF's own bounds: a rate limit of 10 to 2 billion per window; windows of 1, 2, 5 or 10 minutes.
 * Body sizes past 8 KB are beyond what WAF inspects of a regional resource's body by default; the
 * rule treats an oversize body as a match (refused), so a larger setting would be meaningless.
 */
export const WAF_BOUNDS = { rateLimit: { min: 10, max: 2_000_000_000 }, windows: [60, 120, 300, 600] as const, maxBodyBytes: { min: 256, max: 8_192 } } as const;

type ContextReader = (key: string) => unknown;

export function settingsFromContext(read: ContextReader): BlobStackSettings {
  const text = (key: string): string | undefined => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`Context "${key}" must be a string; got ${JSON.stringify(value)}`);
    return String(value).trim();
  };
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`Context "${key}" must be a whole number from ${min} to ${max}; got "${raw}"`);
    return value;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T, normalise: (s: string) => string = (s) => s): T => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = normalise(raw) as T;
    if (!allowed.includes(value)) throw new Error(`Context "${key}" must be one of ${allowed.join(', ')}; got "${raw}"`);
    return value;
  };

  const stackName = text('stackName') ?? DEFAULT_SETTINGS.stackName;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) throw new Error(`Context "stackName" is not a valid CloudFormation stack name: "${stackName}"`);

  const corsOrigins = (text('corsOrigins') ?? '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (corsOrigins.length === 0) throw new Error('Context "corsOrigins" must name at least one origin (or "*")');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`Context "corsOrigins": "${origin}" is not an origin like https://example.com`);
  }

  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) throw new Error(`Context "alarmEmail" is not an e-mail address: "${alarmEmail}"`);

  return {
    stackName,
    removalPolicy: oneOf('removalPolicy', ['retain', 'destroy'] as const, DEFAULT_SETTINGS.removalPolicy, (s) => s.toLowerCase()),
    corsOrigins,
    retentionDays: integer('retentionDays', DEFAULT_SETTINGS.retentionDays, 1, 3650),
    userRetentionDays: text('userRetentionDays') === undefined ? undefined : integer('userRetentionDays', 0, 1, 3650),
    // A presigned URL made with a Lambda role's credentials cannot outlive them; keep it short.
    uploadUrlTtlSeconds: integer('uploadUrlTtlSeconds', DEFAULT_SETTINGS.uploadUrlTtlSeconds, 60, 3600),
    apiKeyExpiryDays: integer('apiKeyExpiryDays', DEFAULT_SETTINGS.apiKeyExpiryDays, API_KEY_EXPIRY_DAYS.min, API_KEY_EXPIRY_DAYS.max),
    logLevel: oneOf('logLevel', ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const, DEFAULT_SETTINGS.logLevel, (s) => s.toUpperCase()),
    alarmEmail,
    apiGatewayCloudWatchRole: oneOf('apiGatewayCloudWatchRole', ['true', 'false'] as const, 'false', (s) => s.toLowerCase()) === 'true',
    wafRateLimit: integer('wafRateLimit', DEFAULT_SETTINGS.wafRateLimit, WAF_BOUNDS.rateLimit.min, WAF_BOUNDS.rateLimit.max),
    wafRateWindowSeconds: Number(oneOf('wafRateWindowSeconds', WAF_BOUNDS.windows.map(String), String(DEFAULT_SETTINGS.wafRateWindowSeconds))) as BlobStackSettings['wafRateWindowSeconds'],
    wafMaxBodyBytes: integer('wafMaxBodyBytes', DEFAULT_SETTINGS.wafMaxBodyBytes, WAF_BOUNDS.maxBodyBytes.min, WAF_BOUNDS.maxBodyBytes.max),
    rekognitionTps: integer('rekognitionTps', DEFAULT_SETTINGS.rekognitionTps, 1, 10_000),
  };
}
