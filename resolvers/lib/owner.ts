// Who owns what. A user-pool caller is scoped to its own blobs; API-key and IAM callers are not
// (an API-key caller holds a blob by its unguessable id; IAM is the service itself).
import type { Context } from '@aws-appsync/utils';

/**
 * The caller's user-pool `sub`, or null for API-key and IAM callers. AppSync's user-pool
 * identity carries `sub`; its IAM identity has none and an API-key caller has no identity.
 * (OIDC identities carry a `sub` too; this API does not enable OIDC.)
 */
export function userPoolSub(ctx: Context): string | null {
  const identity = ctx.identity as { sub?: unknown } | null | undefined;
  return identity && typeof identity.sub === 'string' && identity.sub.length > 0 ? identity.sub : null;
}

/** Whether the caller may see this stored blob: its owner, or any caller that is not a user-pool user. */
export function maySee(ctx: Context, blob: { owner?: string | null } | null | undefined): boolean {
  if (!blob) return false;
  const sub = userPoolSub(ctx);
  return sub === null || blob.owner === sub;
}
