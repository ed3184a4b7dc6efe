/**
 * Pagination tokens as AppSync hands them out: opaque and tamper-proof. AppSync encrypts
 * the LastEvaluatedKey it returns as `nextToken`; here it is sealed with AES-256-GCM under a key
 * made when the engine starts, and bound to its scope (operation, table and index). An altered
 * token, a token from another engine run, or one from another operation, table or index is
 * refused before DynamoDB is asked. (A token from the same index but another partition — another user's
 * — is refused by DynamoDB itself: its start key lies outside the query's key condition.)
 * The local engine seals DynamoDB start keys with it; the searchBlobs function seals its cursors
 * with it, under a key from Secrets Manager, so its tokens are as opaque as myBlobs'.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class InvalidPaginationToken extends Error {
  constructor() {
    super('The nextToken is not valid for this query: it was altered, has expired, or belongs to another query.');
  }
}

/** `Key` is what a token carries: a DynamoDB start key for the engine, a cursor for searchBlobs. */
export function createPaginationTokens<Key = unknown>(key: Buffer = randomBytes(32)) {
  return {
    /** `scope` names what the token may resume, e.g. "Query blobs byOwner". */
    seal(lastEvaluatedKey: Key | undefined, scope: string): string | null {
      if (!lastEvaluatedKey) return null;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(scope));
      const sealed = Buffer.concat([cipher.update(JSON.stringify(lastEvaluatedKey), 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
    },
    open(token: string | undefined | null, scope: string): Key | undefined {
      if (token === undefined || token === null) return undefined;
      const [version, body] = token.split('.');
      const bytes = body ? Buffer.from(body, 'base64url') : Buffer.alloc(0);
      if (version !== VERSION || bytes.length <= IV_BYTES + TAG_BYTES) throw new InvalidPaginationToken();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(scope));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as Key;
      } catch {
        throw new InvalidPaginationToken();
      }
    },
  };
}

export type PaginationTokens = ReturnType<typeof createPaginationTokens>;
