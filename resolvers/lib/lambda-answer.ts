// A Lambda data source's answer as the GraphQL result: its failure, or the input problem it
// answered as data (api/input-refusal.ts), is raised with its type; otherwise the answer is given.
import { util, type Context } from '@aws-appsync/utils';

export function lambdaAnswer<T>(ctx: Context): T {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  if (!ctx.result.ok) {
    util.error(ctx.result.message, ctx.result.errorType);
  }
  return ctx.result;
}
