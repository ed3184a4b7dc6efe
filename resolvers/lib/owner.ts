// Who owns what. A user-pool caller, or one of its personal access tokens (AWS_LAMBDA), is scoped
// to its own blobs; API-key and IAM callers are not (an API-key caller holds a blob by its
// unguessable id; IAM is the service itself).
import type { Context } from '@aws-appsync/utils';

/**
 * The user the caller acts as: its user-pool `sub`, or the owner the access-token authorizer put
 * in `resolverContext.sub`; null for API-key and IAM callers. AppSync's user-pool identity carries
 * `sub`; its IAM identity has none and an API-key caller has no identity. (OIDC identities carry a
 * `sub` too; this API does not enable OIDC.)
 */
export function callerSub(ctx: Context): string | null {
  const identity = ctx.identity as { sub?: unknown; resolverContext?: { sub?: unknown } } | null | undefined;
  const sub = identity?.sub ?? identity?.resolverContext?.sub;
  return typeof sub === 'string' && sub.length > 0 ? sub : null;
}

/** The signed-in user's own `sub`, never a token's: what only the user may do (its tokens). */
export function signedInSub(ctx: Context): string | null {
  const identity = ctx.identity as { sub?: unknown } | null | undefined;
  return identity && typeof identity.sub === 'string' && identity.sub.length > 0 ? identity.sub : null;
}

/** Whether the caller may see this stored blob: its owner, or any caller that is not a user-pool user. */
export function maySee(ctx: Context, blob: { owner?: string | null } | null | undefined): boolean {
  if (!blob) return false;
  const sub = callerSub(ctx);
  return sub === null || blob.owner === sub;
}
