// revokeAccessToken(id): the accessTokens function removes the token's hash; the authorizer
// refuses it on its next request (it answers ttlOverride 0, so nothing cached outlives it).
import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationRevokeAccessTokenArgs } from '../api/generated/graphql';
import { signedInSub } from './lib/owner';

export function request(ctx: Context<MutationRevokeAccessTokenArgs>): LambdaRequest {
  const owner = signedInSub(ctx);
  if (owner === null) {
    util.unauthorized();
  }
  return { operation: 'Invoke', payload: { field: 'revokeAccessToken', owner, id: ctx.args.id } };
}

export function response(ctx: Context<MutationRevokeAccessTokenArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result.value;
}
