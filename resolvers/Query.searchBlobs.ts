// searchBlobs(labels, match, minConfidence, limit, nextToken): the caller's labelled blobs with
// those labels, newest first, a pipeline of three functions of which two run:
//   - one plain name (the common case): searchOneLabel queries the caller's byLabel partition
//     and checkSearchHits reads the hits' records (BatchGetItem, strongly consistent), both
//     through the table's data source, with no Lambda in the way;
//   - several names, or a name only the function normalizes exactly (beyond printable ASCII):
//     searchLabelsInFunction hands the query to the searchBlobs function, which intersects or
//     unites the names' streams across pages, loops APPSYNC_JS does not have.
// Either way the caller's own sub is the only owner, and every hit is checked against its record.
// Ranges are checked here, with the same limit rules as myBlobs.
import { util, type Context } from '@aws-appsync/utils';
import type { QuerySearchBlobsArgs } from '../api/generated/graphql';
import { callerSub } from './lib/owner';
import { pageLimit } from './lib/page-limit';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const MAX_LABELS = 10;
const MAX_NAME_LENGTH = 100;
// APPSYNC_JS has neither regular expressions nor charCodeAt: the characters themselves.
const PRINTABLE_ASCII = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

/**
 * The name as the index keys it, when that needs no more than trimming and lower-casing:
 * printable ASCII with single inner spaces, which NFKC and the function's whitespace folding
 * leave as it is (functions/lib/label-index/terms.ts). Anything else goes to the function.
 */
function plainName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    return null;
  }
  let previous = '';
  for (const ch of trimmed.split('')) {
    if (PRINTABLE_ASCII.indexOf(ch) < 0 || (ch === ' ' && previous === ' ')) {
      return null;
    }
    previous = ch;
  }
  return trimmed.toLowerCase();
}

export function request(ctx: Context<QuerySearchBlobsArgs>) {
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
  ctx.stash.owner = sub;
  ctx.stash.limit = limit;
  ctx.stash.minConfidence = min ?? null;
  ctx.stash.oneName = args.labels.length === 1 ? plainName(args.labels[0]) : null;
  return {};
}

export function response(ctx: Context<QuerySearchBlobsArgs>) {
  return ctx.prev.result;
}
