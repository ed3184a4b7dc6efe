// accessTokens: the signed-in user's personal access tokens (never the secrets), listed by the
// accessTokens function from the blob table.
import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import { signedInSub } from './lib/owner';

export function request(ctx: Context): LambdaRequest {
  const owner = signedInSub(ctx);
  if (owner === null) {
    util.unauthorized();
  }
  return { operation: 'Invoke', payload: { field: 'accessTokens', owner } };
}

export function response(ctx: Context) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result.value;
}
