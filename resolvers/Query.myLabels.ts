// myLabels(limit): the caller's labels (parents and aliases included) with how many of its blobs
// carry each, most frequent first, for a tag cloud. Counted by the searchBlobs function from the
// inverted index, each blob checked against its record.
import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { QueryMyLabelsArgs } from '../api/generated/graphql';
import { callerSub } from './lib/owner';
import { pageLimit } from './lib/page-limit';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export function request(ctx: Context<QueryMyLabelsArgs>): LambdaRequest {
  const sub = callerSub(ctx);
  if (sub === null) {
    util.unauthorized();
  }
  const limit = pageLimit(ctx.args.limit, { default: DEFAULT_LIMIT, max: MAX_LIMIT });
  return { operation: 'Invoke', payload: { field: 'myLabels', owner: sub, limit } };
}

export function response(ctx: Context<QueryMyLabelsArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
