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
  /** Days until an uploaded image is deleted (S3 lifecycle) and its record expires (DynamoDB TTL). */
  readonly retentionDays: number;
  /** Validity of presigned upload URLs. */
  readonly uploadUrlTtlSeconds: number;
  /** Days until the API key expires (AppSync allows 1-365); redeploying renews it. */
  readonly apiKeyExpiryDays: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** If set, alarms notify this address through an SNS topic. */
  readonly alarmEmail?: string;
}

export const DEFAULT_SETTINGS: BlobStackSettings = {
  stackName: 'BlobsStack',
  removalPolicy: 'retain',
  corsOrigins: ['*'],
  retentionDays: 30,
  uploadUrlTtlSeconds: 300,
  apiKeyExpiryDays: 365,
  logLevel: 'INFO',
};

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
    // A presigned URL made with a Lambda role's credentials cannot outlive them; keep it short.
    uploadUrlTtlSeconds: integer('uploadUrlTtlSeconds', DEFAULT_SETTINGS.uploadUrlTtlSeconds, 60, 3600),
    apiKeyExpiryDays: integer('apiKeyExpiryDays', DEFAULT_SETTINGS.apiKeyExpiryDays, 1, 365),
    logLevel: oneOf('logLevel', ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const, DEFAULT_SETTINGS.logLevel, (s) => s.toUpperCase()),
    alarmEmail,
  };
}
