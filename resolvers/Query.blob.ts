// blob(id): the record as stored; its attribute names are the Blob type's field names. A user-pool
// caller reads only its own blobs: another user's blob reads null, exactly like an unknown id, so
// ids cannot be probed.
import { util, type Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import type { QueryBlobArgs } from '../api/generated/graphql';
import { maySee } from './lib/owner';
import { asBlob } from './lib/stored-blob';

export function request(ctx: Context<QueryBlobArgs>) {
  return get({ key: { id: ctx.args.id }, consistentRead: true });
}

export function response(ctx: Context<QueryBlobArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const blob = ctx.result;
  // Search index items share the table under ids no blob has; they have no status and are no blob.
  if (!blob || !blob.status || !maySee(ctx, blob)) {
    return null;
  }
  return asBlob(blob);
}
