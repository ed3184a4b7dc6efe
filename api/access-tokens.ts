/**
 * Personal access tokens and the Lambda authorizer that admits them: declared once, read by
 * infra/ (the AWS_LAMBDA mode of the API) and local/ (the engine's), and by the functions.
 */

/** What a token looks like: the prefix, then 32 random bytes in base64url (43 characters). */
export const ACCESS_TOKEN_PREFIX = 'blobs_pat_';
export const ACCESS_TOKEN_PATTERN = `${ACCESS_TOKEN_PREFIX}[A-Za-z0-9_-]{43}`;

export const lambdaAuthorizer = {
  /** The entry of `lambdaFunctions` (api/wiring.ts) that decides. */
  function: 'authorizeAccessToken',
  /**
   * AppSync's authorizerResultTtlInSeconds: how long AppSync reuses an answer for one token. The
   * authorizer shortens it to the token's remaining life (`grantTtlSeconds`); revocation does not
   * wait for it, because the resolvers check the token item on every request (`tokenItemKey`).
   */
  resultTtlSeconds: 300,
  /** Anything else in `Authorization` is refused before the function runs. */
  identityValidationExpression: ACCESS_TOKEN_PATTERN,
} as const;

/**
 * The authorizer's resolverContext for an admitted token (AppSync allows strings only). `tokenHash`
 * names the token's item, which every resolver a token may call reads with its own data-source
 * call, so a revoked or expired token is refused at once even while AppSync reuses a cached answer.
 */
export interface AccessTokenContext {
  sub: string;
  tokenId: string;
  tokenHash: string;
}

/**
 * The ttlOverride of an admitted token: the API's TTL, but never past the token's expiry, so no
 * cached answer outlives the token (the resolvers' check refuses it at expiry anyway).
 */
export function grantTtlSeconds(expiresAtMs: number, nowMs: number): number {
  return Math.max(0, Math.min(lambdaAuthorizer.resultTtlSeconds, Math.floor((expiresAtMs - nowMs) / 1000)));
}

/**
 * A token's item, `pat#<hash>` in the blob table: what the authorizer and the resolvers' check read
 * (functions/lib/access-tokens.ts writes it).
 */
export interface AccessTokenItem {
  id: string;
  tokenId: string;
  tokenOwner: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
}

/** Token items share the blob table under ids no blob id can take (blob ids are UUIDs). */
export const ACCESS_TOKEN_ITEM_PREFIX = 'pat#';
export const ACCESS_TOKEN_LIST_PREFIX = 'pats#';
/** The key of a token's item, from the hash the authorizer put in resolverContext. */
export const tokenItemKey = (tokenHash: string) => ({ id: `${ACCESS_TOKEN_ITEM_PREFIX}${tokenHash}` });
/** expiresInDays when createAccessToken is not given one, and the most it takes. */
export const ACCESS_TOKEN_DEFAULT_DAYS = 30;
export const ACCESS_TOKEN_MAX_DAYS = 365;
