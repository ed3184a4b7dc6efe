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
   * AppSync's authorizerResultTtlInSeconds. The access-token authorizer overrides it with
   * ttlOverride 0 (a revoked token must be refused at once, and AppSync's cache cannot be
   * flushed per token); the API's value stands for any answer without an override.
   */
  resultTtlSeconds: 300,
  /** Anything else in `Authorization` is refused before the function runs. */
  identityValidationExpression: ACCESS_TOKEN_PATTERN,
} as const;

/** Token items share the blob table under ids no blob id can take (blob ids are UUIDs). */
export const ACCESS_TOKEN_ITEM_PREFIX = 'pat#';
export const ACCESS_TOKEN_LIST_PREFIX = 'pats#';
/** expiresInDays when createAccessToken is not given one, and the most it takes. */
export const ACCESS_TOKEN_DEFAULT_DAYS = 30;
export const ACCESS_TOKEN_MAX_DAYS = 365;
