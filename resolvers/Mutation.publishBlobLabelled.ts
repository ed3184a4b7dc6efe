// publishBlobLabelled: called by the labelling function (IAM only, by schema directive) after it
// has written the result to DynamoDB. It writes nothing; returning the input is what makes
// AppSync deliver it to onBlobLabelled subscribers.
import { util, type Context, type NONERequest } from '@aws-appsync/utils';
import type { MutationPublishBlobLabelledArgs } from '../api/generated/graphql';

export function request(ctx: Context<MutationPublishBlobLabelledArgs>): NONERequest {
  return { payload: ctx.arguments.input };
}

export function response(ctx: Context<MutationPublishBlobLabelledArgs>) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
