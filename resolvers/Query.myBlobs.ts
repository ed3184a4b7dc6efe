// myBlobs(limit, nextToken): the caller's blobs, newest first, through the byOwner index
// (owner, createdAt). The key condition is the caller's own sub, so no token can reach another
// user's items: the data source seals nextTokens (AppSync encrypts them), and DynamoDB refuses a
// start key outside the key condition, as another user's token would be.
import { util, type Context } from '@aws-appsync/utils';
import type { QueryMyBlobsArgs } from '../api/generated/graphql';
import { REFUSED_TOKEN_MESSAGE, refusedToken } from './lib/next-token';
import { callerSub } from './lib/owner';
import { pageLimit } from './lib/page-limit';
import { asBlob } from './lib/stored-blob';

export const MY_BLOBS_INDEX = 'byOwner';
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export function request(ctx: Context<QueryMyBlobsArgs>) {
  const sub = callerSub(ctx);
  if (sub === null) {
    util.unauthorized();
  }
  const limit = pageLimit(ctx.args.limit, { default: DEFAULT_LIMIT, max: MAX_LIMIT });
  if (ctx.args.nextToken !== undefined && ctx.args.nextToken !== null && ctx.args.nextToken.length === 0) {
    util.error('nextToken must not be empty: omit it for the first page', 'BadRequest');
  }
  return {
    operation: 'Query',
    index: MY_BLOBS_INDEX,
    query: { expression: '#owner = :owner', expressionNames: { '#owner': 'owner' }, expressionValues: util.dynamodb.toMapValues({ ':owner': sub }) },
    scanIndexForward: false,
    limit,
    nextToken: ctx.args.nextToken ?? undefined,
  };
}

export function response(ctx: Context<QueryMyBlobsArgs>) {
  if (ctx.error) {
    if (ctx.args.nextToken && refusedToken(ctx.error.type)) {
      util.error(REFUSED_TOKEN_MESSAGE, 'BadRequest');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return { items: ctx.result.items.map(asBlob), nextToken: ctx.result.nextToken ?? null };
}
