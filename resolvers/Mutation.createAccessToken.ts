// createAccessToken: minting needs randomness and a hash, so the accessTokens function does the
// work; it answers input problems as data (api/input-refusal.ts), as createBlob does.
import { util, type Context, type LambdaRequest } from '@aws-appsync/utils';
import type { MutationCreateAccessTokenArgs } from '../api/generated/graphql';
import { lambdaAnswer } from './lib/lambda-answer';
import { signedInSub } from './lib/owner';

export function request(ctx: Context<MutationCreateAccessTokenArgs>): LambdaRequest {
  const owner = signedInSub(ctx);
  if (owner === null) {
    util.unauthorized();
  }
  return { operation: 'Invoke', payload: { field: 'createAccessToken', owner, name: ctx.args.name, expiresInDays: ctx.args.expiresInDays } };
}

export function response(ctx: Context<MutationCreateAccessTokenArgs>) {
  return lambdaAnswer<{ value: unknown }>(ctx).value;
}
