// searchBlobs(labels, match, minConfidence, limit, nextToken): the caller's labelled blobs with
// those labels, newest first. Intersecting label streams across pages and checking each hit
// against its blob record take loops APPSYNC_JS does not have, so the searchBlobs function does
// the work; the caller's own sub is the only owner it is ever given. Ranges are checked here,
// with the same limit rules as myBlobs.
import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { QuerySearchBlobsArgs } from '../api/generated/graphql';
import { callerSub } from './lib/owner';
import { pageLimit } from './lib/page-limit';
import { asBlob } from './lib/stored-blob';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const MAX_LABELS = 10;

export function request(ctx: Context<QuerySearchBlobsArgs>): LambdaRequest {
  const sub = callerSub(ctx);
  if (sub === null) {
    util.unauthorized();
  }
  const args = ctx.args;
  const limit = pageLimit(args.limit, { default: DEFAULT_LIMIT, max: MAX_LIMIT });
  if (args.labels.length < 1 || args.labels.length > MAX_LABELS) {
    util.error(`labels must name 1 to ${MAX_LABELS} labels; got ${args.labels.length}`, 'BadRequest');
  }
  const min = args.minConfidence;
  if (min !== undefined && min !== null && (min < 0 || min > 100)) {
    util.error(`minConfidence must be between 0 and 100; got ${min}`, 'BadRequest');
  }
  if (args.nextToken !== undefined && args.nextToken !== null && args.nextToken.length === 0) {
    util.error('nextToken must not be empty: omit it for the first page', 'BadRequest');
  }
  return {
    operation: 'Invoke',
    payload: { field: 'searchBlobs', owner: sub, labels: args.labels, match: args.match ?? 'ALL', minConfidence: min ?? null, limit, nextToken: args.nextToken ?? null },
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
