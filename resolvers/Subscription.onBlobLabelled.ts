// onBlobLabelled(id): runs when a client subscribes. AppSync already matches the id argument
// against each published blob; the enhanced filter below additionally lets through only finished
// blobs, so a subscriber is never woken for an intermediate state, and, for a user-pool
// subscriber, only its own blobs (owner = its sub): another user's blob is never heard of.
// The invalidation filter lets deleteBlob end the subscription when the blob is deleted. It runs as
// a pipeline (api/wiring.ts): the request checks the id, checkAccessToken checks a token caller's
// token, and this response sets the filters.
import { extensions, util, type Context, type NONERequest } from '@aws-appsync/utils';
import type { SubscriptionOnBlobLabelledArgs } from '../api/generated/graphql';
import { callerSub } from './lib/owner';

export function request(ctx: Context<SubscriptionOnBlobLabelledArgs>): NONERequest {
  if (!ctx.args.id || ctx.args.id.trim().length === 0) {
    util.error('onBlobLabelled needs the id of a blob', 'BadRequest');
  }
  return { payload: null };
}

export function response(ctx: Context<SubscriptionOnBlobLabelledArgs>) {
  const sub = callerSub(ctx);
  const finished = { in: ['LABELLED', 'FAILED'] };
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(sub === null ? { status: finished } : { status: finished, owner: { eq: sub } }));
  extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter({ id: { eq: ctx.args.id } }));
  return null;
}
