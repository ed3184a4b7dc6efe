/**
 * How long a blob's record is kept: an anonymous (API-key or IAM) blob for BLOB_TTL_DAYS, a
 * signed-in user's until it is deleted unless the deployer set USER_BLOB_TTL_DAYS. The record's
 * TTL attribute is left out, not zeroed, to keep one: DynamoDB's TTL ignores items without it.
 * The image and thumbnail follow by the S3 lifecycle rules on their key prefixes
 * (infra/constructs/storage.ts), which the same settings configure.
 */
import type { FunctionConfig } from './config.js';

export function recordExpiry(config: Pick<FunctionConfig, 'blobTtlDays' | 'userBlobTtlDays'>, owner: string | null | undefined, now: Date): { expiresAt?: number } {
  const days = owner ? config.userBlobTtlDays : config.blobTtlDays;
  return days === undefined ? {} : { expiresAt: Math.floor(now.getTime() / 1000) + Math.round(days * 86_400) };
}
