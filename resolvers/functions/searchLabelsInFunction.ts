// searchBlobs with several names (or one only the function normalizes exactly): the searchBlobs
// function intersects (ALL) or unites (ANY) the names' streams across pages and checks every hit
// against its record; its nextTokens are its own, sealed and bound to the caller and the query.
import { runtime, util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { QuerySearchBlobsArgs } from '../../api/generated/graphql';
import { asBlob } from '../lib/stored-blob';

export function request(ctx: Context<QuerySearchBlobsArgs>): LambdaRequest {
  if (ctx.stash.oneName) {
    runtime.earlyReturn(ctx.prev.result);
  }
  const args = ctx.args;
  return {
    operation: 'Invoke',
    payload: { field: 'searchBlobs', owner: ctx.stash.owner, labels: args.labels, match: args.match ?? 'ALL', minConfidence: ctx.stash.minConfidence, limit: ctx.stash.limit, nextToken: args.nextToken ?? null },
  };
}

export function response(ctx: Context<QuerySearchBlobsArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const result = ctx.result;
  if (result.refused) {
    util.error(result.refused.message, result.refused.type);
  }
  return { items: result.items.map(asBlob), nextToken: result.nextToken ?? null };
}
