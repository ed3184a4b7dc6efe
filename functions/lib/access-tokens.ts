/**
 * Personal access tokens in the blob table. Only a SHA-256 of a token is stored: the item
 * `pat#<hash>` holds its owner and dates (the authorizer's GetItem, and the resolvers' check of
 * every request a token makes: api/access-tokens.ts), and `pats#<owner>` maps
 * the owner's token ids to their hashes (listing and revoking). Neither carries `owner` or
 * `status`, so myBlobs never lists them and no blob read takes them for a blob.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACCESS_TOKEN_ITEM_PREFIX, ACCESS_TOKEN_LIST_PREFIX, ACCESS_TOKEN_PREFIX, tokenItemKey, type AccessTokenItem } from '../../api/access-tokens.js';

export interface AccessTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
}

/**
 * lastUsedAt is written at most this often per token: a busy script should not cost a write per
 * call. AppSync asks the authorizer once per cached answer (api/access-tokens.ts), so on a busy
 * token lastUsedAt moves about once per resultTtlSeconds.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const view = (item: AccessTokenItem): AccessTokenView => ({ id: item.tokenId, name: item.name, createdAt: item.createdAt, lastUsedAt: item.lastUsedAt ?? null, expiresAt: item.expiresAt });

export function createAccessTokenStore(client: DynamoDBDocumentClient, tableName: string) {
  const listKey = (owner: string) => ({ id: `${ACCESS_TOKEN_LIST_PREFIX}${owner}` });

  async function hashesOf(owner: string): Promise<Record<string, string>> {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: listKey(owner), ConsistentRead: true }));
    return (out.Item?.tokens as Record<string, string> | undefined) ?? {};
  }

  return {
    /** Mints a token; the secret is in the answer only. */
    async issue(owner: string, name: string, days: number, now: Date): Promise<AccessTokenView & { token: string }> {
      const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const hash = hashOf(token);
      const item: AccessTokenItem = { id: `${ACCESS_TOKEN_ITEM_PREFIX}${hash}`, tokenId: randomUUID(), tokenOwner: owner, name, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString() };
      await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: listKey(owner),
          UpdateExpression: 'SET tokens = if_not_exists(tokens, :empty)',
          ExpressionAttributeValues: { ':empty': {} },
        }),
      );
      await client.send(new UpdateCommand({ TableName: tableName, Key: listKey(owner), UpdateExpression: 'SET tokens.#t = :hash', ExpressionAttributeNames: { '#t': item.tokenId }, ExpressionAttributeValues: { ':hash': hash } }));
      return { ...view(item), token };
    },

    async list(owner: string): Promise<AccessTokenView[]> {
      const hashes = Object.values(await hashesOf(owner));
      if (hashes.length === 0) return [];
      const items: AccessTokenItem[] = [];
      // BatchGetItem takes 100 keys a call.
      for (let i = 0; i < hashes.length; i += 100) {
        const keys = hashes.slice(i, i + 100).map((h) => ({ id: `${ACCESS_TOKEN_ITEM_PREFIX}${h}` }));
        const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
        items.push(...((out.Responses?.[tableName] ?? []) as AccessTokenItem[]));
      }
      return items.filter((i) => i.tokenOwner === owner).map(view).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    },

    /** Whether the owner had a token of that id; it is gone (refused by the authorizer) when this returns. */
    async revoke(owner: string, tokenId: string): Promise<boolean> {
      const hash = (await hashesOf(owner))[tokenId];
      if (!hash) return false;
      await client.send(new DeleteCommand({ TableName: tableName, Key: { id: `${ACCESS_TOKEN_ITEM_PREFIX}${hash}` } }));
      await client.send(new UpdateCommand({ TableName: tableName, Key: listKey(owner), UpdateExpression: 'REMOVE tokens.#t', ExpressionAttributeNames: { '#t': tokenId } }));
      return true;
    },

    /** The token's owner, id, hash and expiry, or undefined when it is unknown, revoked or expired. */
    async verify(token: string, now: Date): Promise<{ owner: string; tokenId: string; tokenHash: string; expiresAt: string } | undefined> {
      if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return undefined;
      const tokenHash = hashOf(token);
      const { id } = tokenItemKey(tokenHash);
      const out = await client.send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
      const item = out.Item as AccessTokenItem | undefined;
      if (!item || Date.parse(item.expiresAt) <= now.getTime()) return undefined;
      if (!item.lastUsedAt || now.getTime() - Date.parse(item.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
        // Best effort: a lost write only leaves lastUsedAt a little older.
        await client
          .send(new UpdateCommand({ TableName: tableName, Key: { id }, UpdateExpression: 'SET lastUsedAt = :now', ConditionExpression: 'attribute_exists(id)', ExpressionAttributeValues: { ':now': now.toISOString() } }))
          .catch(() => {});
      }
      return { owner: item.tokenOwner, tokenId: item.tokenId, tokenHash, expiresAt: item.expiresAt };
    },
  };
}
