// blob(id): the record as stored; its attribute names are the Blob type's field names. A user-pool
// caller reads only its own blobs: another user's blob reads null, exactly like an unknown id, so
// ids cannot be probed. An access-token caller's token item is read in the same call (one
// BatchGetItem of both keys instead of the GetItem), so a revoked token costs no extra round trip
// to be refused (lib/access-token.ts).
import { util, type Context } from '@aws-appsync/utils';
import { batchGet, get } from '@aws-appsync/utils/dynamodb';
import type { AccessTokenItem } from '../api/access-tokens';
import type { QueryBlobArgs } from '../api/generated/graphql';
import { assertTokenLive, callerTokenKey } from './lib/access-token';
import { maySee } from './lib/owner';
import { asBlob } from './lib/stored-blob';

type Stored = { id: string; status?: string; owner?: string | null; features?: string[] | null };

export function request(ctx: Context<QueryBlobArgs>) {
  const token = callerTokenKey(ctx);
  if (token === null) {
    return get({ key: { id: ctx.args.id }, consistentRead: true });
  }
  // BatchGetItem names its table (AppSync's environment variable, api/wiring.ts) and refuses a
  // key twice: an id that is the token's own key reads the token item once, and no blob.
  const keys = ctx.args.id === token.id ? [token] : [{ id: ctx.args.id }, token];
  return batchGet({ tables: { [ctx.env.BLOBS_TABLE_NAME]: { keys, consistentRead: true } } });
}

export function response(ctx: Context<QueryBlobArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  let blob: Stored | null = ctx.result;
  const token = callerTokenKey(ctx);
  if (token !== null) {
    // AppSync answers each key's item in the keys' order, null where there is none.
    const items: Array<Stored | null> = ctx.result.data[ctx.env.BLOBS_TABLE_NAME];
    assertTokenLive(ctx, items.find((i) => i !== null && i.id === token.id) as unknown as AccessTokenItem | undefined);
    blob = items.find((i) => i !== null && i.id === ctx.args.id && i.id !== token.id) ?? null;
  }
  // Search index and token items share the table under ids no blob has; they have no status and are no blob.
  if (!blob || !blob.status || !maySee(ctx, blob)) {
    return null;
  }
  return asBlob(blob);
}
