// A personal access token (AWS_LAMBDA) is checked on every request, by the resolver it calls:
// AppSync reuses the authorizer's answer for up to resultTtlSeconds and cannot forget it when the
// token is revoked, so the resolver reads the token's item (`pat#<hash>`, named by the
// authorizer's resolverContext.tokenHash) and refuses the request when it is gone or expired.
// Where the resolver already reads the table by key (blob), the item rides in the same call; where
// it cannot (a Query, a Lambda), the pipeline function functions/checkAccessToken.ts reads it.
import { util, type Context } from '@aws-appsync/utils';
import { tokenItemKey, type AccessTokenItem } from '../../api/access-tokens';
import { callerSub } from './owner';

/** The key of the caller's token item; null when the caller did not come with an access token. */
export function callerTokenKey(ctx: Context): { id: string } | null {
  if (util.authType() !== 'Lambda Authorization') {
    return null;
  }
  const identity = ctx.identity as { resolverContext?: { tokenHash?: unknown } } | null | undefined;
  const hash = identity && identity.resolverContext ? identity.resolverContext.tokenHash : undefined;
  // A Lambda caller without a token hash was not admitted by the access-token authorizer.
  if (typeof hash !== 'string' || hash.length === 0) {
    util.unauthorized();
  }
  return tokenItemKey(hash);
}

/** Refuses the request (Unauthorized) unless the caller's token item is still there, its owner's, and unexpired. */
export function assertTokenLive(ctx: Context, item: AccessTokenItem | null | undefined): void {
  if (!item || !item.expiresAt || item.tokenOwner !== callerSub(ctx)) {
    util.unauthorized();
  }
  if (util.time.parseISO8601ToEpochMilliSeconds(item.expiresAt) <= util.time.nowEpochMilliSeconds()) {
    util.unauthorized();
  }
}
