/**
 * The identity → user links linkStorageIdentity writes (api/blob-table.ts): whose a storage
 * upload under photos/<identity id>/ is. Read only; the link is made through AppSync, from what
 * AppSync vouches for, never by a function.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STORAGE_LINK_PREFIX } from '../../api/blob-table.js';

export function createStorageLinks(client: DynamoDBDocumentClient, tableName: string) {
  return {
    /** The user-pool sub the identity was linked to; undefined when it never was. */
    async ownerOf(identityId: string): Promise<string | undefined> {
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { id: `${STORAGE_LINK_PREFIX}${identityId}` }, ConsistentRead: true }));
      const sub = out.Item?.sub;
      return typeof sub === 'string' && sub.length > 0 ? sub : undefined;
    },
  };
}
