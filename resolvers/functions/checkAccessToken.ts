// Pipeline function: the access-token check (lib/access-token.ts) of a field whose own data-source
// call cannot also read the token's item (a Query of an index, a Lambda). Callers of every other
// mode skip it without a call; a token caller costs one consistent GetItem.
import { runtime, util, type Context } from '@aws-appsync/utils';
import { get } from '@aws-appsync/utils/dynamodb';
import { assertTokenLive, callerTokenKey } from '../lib/access-token';

export function request(ctx: Context) {
  const key = callerTokenKey(ctx);
  if (key === null) {
    runtime.earlyReturn(ctx.prev.result);
  }
  return get({ key, consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  assertTokenLive(ctx, ctx.result);
  return ctx.prev.result;
}
