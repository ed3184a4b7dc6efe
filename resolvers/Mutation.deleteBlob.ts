// deleteBlob(id): deleting the stored image needs S3, so the deleteBlob function does the work.
// The owner (user pool) or IAM may delete; the function answers null when the blob is unknown or
// not the caller's, so a user cannot tell another user's id from an unknown one.
// A blob that was deleted ends every onBlobLabelled subscription to it (AppSync's subscription
// invalidation; onBlobLabelled sets the matching filter): its subscribers are told, with a
// `complete`, and hear nothing more. Only a real delete does: a refused or unknown id ends nobody's.
import { extensions, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationDeleteBlobArgs } from '../api/generated/graphql';
import { callerSub } from './lib/owner';

export function request(ctx: Context<MutationDeleteBlobArgs>): LambdaRequest {
  const owner = callerSub(ctx);
  if (owner === null && util.authType() !== 'IAM Authorization') {
    util.unauthorized();
  }
  return { operation: 'Invoke', payload: { id: ctx.args.id, owner } };
}

export function response(ctx: Context<MutationDeleteBlobArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  if (ctx.result) {
    extensions.invalidateSubscriptions({ subscriptionField: 'onBlobLabelled', payload: { id: ctx.args.id } });
  }
  return ctx.result ?? null;
}
