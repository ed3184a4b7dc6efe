// linkStorageIdentity: records, once, that the calling identity-pool identity is its signed-in
// user's. The labeller reads this link to own an upload under photos/<identity id>/; the owner
// comes from ctx.identity (AppSync's word for the SigV4 caller), never from the object or an
// argument. A link is written only if absent or already this user's (an identity belongs to one
// login), so calling again is harmless and no caller can move an identity to another user.
import { util, type Context } from '@aws-appsync/utils';
import { put } from '@aws-appsync/utils/dynamodb';
import { STORAGE_LINK_PREFIX } from '../api/blob-table';
import { storageIdentityOf } from './lib/storage-identity';

/** The link item as stored: its key, and the identity and user it links. */
type StorageLinkItem = { id: string; identityId: string; sub: string; linkedAt: string };

export function request(ctx: Context) {
  const caller = storageIdentityOf(ctx);
  if (caller === null) {
    util.unauthorized();
  }
  const { identityId, sub } = caller!;
  return put<StorageLinkItem>({
    key: { id: `${STORAGE_LINK_PREFIX}${identityId}` },
    item: { identityId, sub, linkedAt: util.time.nowISO8601() },
    condition: { or: [{ id: { attributeExists: false } }, { sub: { eq: sub } }] },
  });
}

export function response(ctx: Context) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      util.error('This identity is linked to another user.', 'Unauthorized');
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return { identityId: ctx.result.identityId, owner: ctx.result.sub };
}
