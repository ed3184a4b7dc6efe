import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LABELLER_RUNTIMES, type LabellerRuntime } from './rekognition/detection.js';

/**
 * Everything `npm start` can be told, read once from the environment. Defaults are chosen
 * not to collide with common services (3000, 4000, 5432, 8000, 8080, 9000 ...).
 */
export interface LocalStackConfig {
  /** Where data lives across restarts: DynamoDB, S3 objects, the TLS certificate, keys. */
  dataDir: string;
  /** Interface every service listens on; loopback unless told otherwise. */
  host: string;
  /** Host name written into URLs handed to clients (amplify_outputs.json, presigned URLs). */
  publicHost: string;
  graphqlPort: number;
  s3Port: number;
  dynamodbPort: number;
  rekognitionPort: number;
  /** The Cognito user-pool stand-in (custom.user_pool_endpoint). */
  cognitoPort: number;
  /** The Cognito identity-pool stand-in (custom.identity_pool_endpoint). */
  identityPoolPort: number;
  /** Use this API key instead of the one generated into the data directory. */
  apiKey?: string;
  /** Use this Standard Webhooks secret (base64, `whsec_` prefix optional) instead of the generated one. */
  webhookSecret?: string;
  /** Loopback webhooks are convenient for development; AWS never allows them. */
  allowLoopbackCallbacks: boolean;
  labellerWorkers: number;
  /** What the offline Rekognition's converted models run on (BLOBS_LABELLER_RUNTIME: native, the default, or wasm). */
  labellerRuntime: LabellerRuntime;
  /** Rekognition's per-operation TPS quota, enforced by the local Rekognition (BLOBS_REKOGNITION_TPS; off by default). */
  rekognitionTps?: number;
  /** Static files served at / of the GraphQL host (the web page), if the folder exists. */
  webRoot?: string;
  /** Where amplify_outputs.json is written once the stack is ready; undefined = don't write. */
  outputsFile?: string;
  /** Run under this synthesized template instead of one synthesized from this checkout (BLOBS_TEMPLATE). */
  templateFile?: string;
  /** Evaluate the template's IAM on every call to a stand-in (BLOBS_ENFORCE_IAM, default true). */
  enforceIam: boolean;
  /**
   * Apply the template's WAF rate and body-size rules to the GraphQL and REST endpoints
   * (BLOBS_WAF, default false: a developer's reload loop should not be rate limited).
   */
  waf: boolean;
  /**
   * How long a notification an invocation started blocks another from taking it over
   * (BLOBS_NOTIFY_LEASE_SECONDS, default 30; AWS: 120): after a crash, how soon a restart
   * resumes it. A failed upload message comes back 5 s after a lease would have lapsed.
   */
  notifyLeaseSeconds: number;
}

/** Each service's port: the config field, the variable that sets it, and its default. */
export const SERVICE_PORTS = [
  { field: 'graphqlPort', variable: 'BLOBS_PORT', fallback: 20080 },
  { field: 's3Port', variable: 'BLOBS_S3_PORT', fallback: 20081 },
  { field: 'dynamodbPort', variable: 'BLOBS_DYNAMODB_PORT', fallback: 20082 },
  { field: 'rekognitionPort', variable: 'BLOBS_REKOGNITION_PORT', fallback: 20083 },
  { field: 'cognitoPort', variable: 'BLOBS_COGNITO_PORT', fallback: 20084 },
  { field: 'identityPoolPort', variable: 'BLOBS_IDENTITY_POOL_PORT', fallback: 20085 },
] as const satisfies ReadonlyArray<{ field: keyof LocalStackConfig; variable: string; fallback: number }>;

type ServicePorts = Record<(typeof SERVICE_PORTS)[number]['field'], number>;

/** The environment in which every service takes a free port as it binds (0), for tests and the bench: no race for a "free" port. */
export const ANY_FREE_PORTS: Readonly<Record<string, string>> = Object.fromEntries(SERVICE_PORTS.map((p) => [p.variable, '0']));

/** Short enough that a notification interrupted by a crash resumes soon after a restart, long enough to cover the webhook's whole local retry schedule. */
export const LOCAL_NOTIFY_LEASE_SECONDS = 30;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, rootDir = process.cwd()): LocalStackConfig {
  return {
    dataDir: resolve(rootDir, env.BLOBS_DATA_DIR ?? '.blobs'),
    host: env.BLOBS_HOST ?? '127.0.0.1',
    publicHost: env.BLOBS_PUBLIC_HOST ?? '127.0.0.1',
    ...(Object.fromEntries(SERVICE_PORTS.map((p) => [p.field, port(env, p.variable, p.fallback)])) as ServicePorts),
    apiKey: env.BLOBS_API_KEY || undefined,
    webhookSecret: webhookSecret(env, 'BLOBS_WEBHOOK_SECRET'),
    allowLoopbackCallbacks: flag(env, 'BLOBS_ALLOW_LOOPBACK_CALLBACKS', true),
    // Two workers double throughput on two cores (bench: ~4.6 → ~8 images/s); workers start on
    // first use, so idle memory is the same.
    labellerWorkers: positiveInt(env, 'BLOBS_LABELLER_WORKERS', Math.min(2, availableParallelism())),
    labellerRuntime: oneOf(env, 'BLOBS_LABELLER_RUNTIME', LABELLER_RUNTIMES, 'native'),
    rekognitionTps: env.BLOBS_REKOGNITION_TPS ? positiveInt(env, 'BLOBS_REKOGNITION_TPS', 1) : undefined,
    webRoot: resolve(rootDir, env.BLOBS_WEB_ROOT ?? 'web/dist'),
    outputsFile: resolve(rootDir, env.BLOBS_OUTPUTS_FILE ?? 'amplify_outputs.json'),
    templateFile: env.BLOBS_TEMPLATE ? resolve(rootDir, env.BLOBS_TEMPLATE) : undefined,
    enforceIam: flag(env, 'BLOBS_ENFORCE_IAM', true),
    waf: flag(env, 'BLOBS_WAF', false),
    notifyLeaseSeconds: positiveInt(env, 'BLOBS_NOTIFY_LEASE_SECONDS', LOCAL_NOTIFY_LEASE_SECONDS),
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

/** Standard Webhooks secrets are base64 (24 bytes or more), shown as `whsec_<base64>`. */
function webhookSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const base64 = raw.startsWith('whsec_') ? raw.slice('whsec_'.length) : raw;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || Buffer.from(base64, 'base64').length < 24) throw new Error(`${name} must be base64 of 24 bytes or more (optionally prefixed whsec_)`);
  return raw;
}
