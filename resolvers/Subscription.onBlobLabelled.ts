// onBlobLabelled(id): runs when a client subscribes. AppSync already matches the id argument
// against each published blob; the enhanced filter below additionally lets through only finished
// blobs, so a subscriber is never woken for an intermediate state.
import { extensions, util, type Context, type NONERequest } from '@aws-appsync/utils';
import type { SubscriptionOnBlobLabelledArgs } from '../api/generated/graphql';

export function request(ctx: Context<SubscriptionOnBlobLabelledArgs>): NONERequest {
  if (!ctx.args.id || ctx.args.id.trim().length === 0) {
    util.error('onBlobLabelled needs the id of a blob', 'BadRequest');
  }
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnBlobLabelledArgs>) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ status: { in: ['LABELLED', 'FAILED'] } }));
  return null;
}
