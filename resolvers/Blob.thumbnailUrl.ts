// Blob.thumbnailUrl: a presigned GET of the labeller's thumbnail, for the blob's owner only; null
// for anyone else (API-key and IAM callers included) and until a thumbnail was made. The same
// signing function as imageUrl; nobody else's blob ever reaches it.
import { runtime, type Context, type LambdaRequest } from '@aws-appsync/utils';
import { callerSub } from './lib/owner';

type StoredBlob = { id: string; owner?: string | null; thumbnailKey?: string | null; thumbnailVersionId?: string | null };

export function request(ctx: Context<Record<string, never>, Record<string, unknown>, undefined, StoredBlob>): LambdaRequest {
  const blob = ctx.source;
  const sub = callerSub(ctx);
  if (sub === null || !blob || blob.owner !== sub || !blob.thumbnailKey) {
    runtime.earlyReturn(null);
  }
  // Pinned to the version written with the outcome: once deleted, S3 answers 404 NoSuchVersion.
  return { operation: 'Invoke', payload: { id: blob.id, key: blob.thumbnailKey, versionId: blob.thumbnailVersionId ?? undefined } };
}

export function response(ctx: Context) {
  // A signing failure costs the reader the thumbnail, not the whole blob.
  if (ctx.error) {
    return null;
  }
  return ctx.result ?? null;
}
