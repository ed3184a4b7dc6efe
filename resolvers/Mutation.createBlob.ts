// createBlob: presigning needs credentials and crypto, so the createBlob function does the work.
// The function answers input problems as data (api/input-refusal.ts) so the error type reaches
// the client the same way on AWS and locally.
import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationCreateBlobArgs } from '../api/generated/graphql';
import { lambdaAnswer } from './lib/lambda-answer';
import { callerSub } from './lib/owner';

export function request(ctx: Context<MutationCreateBlobArgs>): LambdaRequest {
  return {
    operation: 'Invoke',
    payload: {
      arguments: ctx.arguments,
      identity: ctx.identity,
      // A user-pool caller owns what it creates; API-key and IAM callers create unowned blobs.
      owner: callerSub(ctx),
      info: { fieldName: ctx.info.fieldName, parentTypeName: ctx.info.parentTypeName },
      request: { headers: ctx.request.headers },
    },
  };
}

export function response(ctx: Context<MutationCreateBlobArgs>) {
  return lambdaAnswer<{ blob: unknown }>(ctx).blob;
}
