// searchBlobs with one plain name, step 1: the caller's byLabel partition for that name, newest
// first (the key condition is the caller's own sub, so no token reaches another user's items;
// the data source seals nextTokens). minConfidence filters on the item's confidence, the
// highest among the blob's labels carrying the name, as the function applies it.
import { runtime, util, type Context } from '@aws-appsync/utils';
import { LABEL_INDEX, labelKeyOf } from '../../api/blob-table';
import type { QuerySearchBlobsArgs } from '../../api/generated/graphql';
import { REFUSED_TOKEN_MESSAGE, refusedToken } from '../lib/next-token';

export function request(ctx: Context<QuerySearchBlobsArgs>) {
  const name = ctx.stash.oneName;
  if (!name) {
    runtime.earlyReturn(null);
  }
  const min = ctx.stash.minConfidence;
  return {
    operation: 'Query',
    index: LABEL_INDEX.name,
    query: {
      expression: '#k = :k',
      expressionNames: { '#k': LABEL_INDEX.partitionKey },
      expressionValues: util.dynamodb.toMapValues({ ':k': labelKeyOf(ctx.stash.owner, name) }),
    },
    filter: min === null ? undefined : { expression: '#c >= :min', expressionNames: { '#c': 'confidence' }, expressionValues: util.dynamodb.toMapValues({ ':min': min }) },
    scanIndexForward: false,
    limit: ctx.stash.limit,
    nextToken: ctx.args.nextToken ?? undefined,
  };
}

export function response(ctx: Context<QuerySearchBlobsArgs>) {
  if (ctx.error) {
    if (ctx.args.nextToken && refusedToken(ctx.error.type)) {
      util.error(REFUSED_TOKEN_MESSAGE, 'BadRequest');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return { hits: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}
