// Blob.imageUrl: a presigned GET of the image version that was labelled, for the blob's owner
// only; null for anyone else (API-key and IAM callers included) and before labelling. Presigning
// needs credentials, so the blobImageUrl function signs; nobody else's blob ever reaches it.
import { runtime, type Context, type LambdaRequest } from '@aws-appsync/utils';
import { callerSub } from './lib/owner';

type StoredBlob = { id: string; owner?: string | null; imageVersionId?: string | null; imageKey?: string | null };

export function request(ctx: Context<Record<string, never>, Record<string, unknown>, undefined, StoredBlob>): LambdaRequest {
  const blob = ctx.source;
  const sub = callerSub(ctx);
  if (sub === null || !blob || blob.owner !== sub || !blob.imageVersionId) {
    runtime.earlyReturn(null);
  }
  // Records from before the key layout (api/object-keys.ts) have no imageKey: their key is the id.
  return { operation: 'Invoke', payload: { id: blob.id, key: blob.imageKey ?? blob.id, versionId: blob.imageVersionId } };
}

export function response(ctx: Context) {
  // A signing failure costs the reader the picture, not the whole blob.
  if (ctx.error) {
    return null;
  }
  return ctx.result ?? null;
}
