/**
 * The API's Lambda authorizer: admits a personal access token (`blobs_pat_…` in Authorization)
 * that is known, unrevoked and unexpired, as its owner. Resolvers then read the owner from
 * ctx.identity.resolverContext.sub, exactly where a user-pool caller's sub is used, and check the
 * token's item (resolverContext.tokenHash) in their own data-source call: api/access-tokens.ts.
 */
import { grantTtlSeconds, type AccessTokenContext } from '../../api/access-tokens.js';
import { createAccessTokenStore } from '../lib/access-tokens.js';
import { createClients } from '../lib/clients.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { traced } from '../lib/tracing.js';

export interface AuthorizerEvent {
  authorizationToken: string;
  requestContext?: { requestId?: string };
}

export interface AuthorizerAnswer {
  isAuthorized: boolean;
  resolverContext?: AccessTokenContext;
  /** Absent on a refusal: AppSync keeps it for the API's TTL (a refused token never becomes valid). */
  ttlOverride?: number;
}

export function createAuthorizeTokenHandler(config: FunctionConfig) {
  const tokens = createAccessTokenStore(createClients(config).dynamodb, config.tableName);
  const logger = createLogger('authorizeAccessToken');
  return async function handler(event: AuthorizerEvent): Promise<AuthorizerAnswer> {
    const now = new Date();
    const found = typeof event?.authorizationToken === 'string' ? await tokens.verify(event.authorizationToken, now) : undefined;
    // A refusal is final: an unknown token was never issued (or was revoked), an expired one stays
    // expired, so AppSync may keep the refusal for the API's TTL.
    if (!found) {
      logger.info('access token refused', { requestId: event?.requestContext?.requestId });
      return { isAuthorized: false };
    }
    // An admission is cached until the token expires at the latest. Revocation cannot flush
    // AppSync's cache; it does not need to: every resolver a token reaches reads the token's item
    // (tokenHash) in its own data-source call and refuses a token whose item is gone or expired.
    return {
      isAuthorized: true,
      resolverContext: { sub: found.owner, tokenId: found.tokenId, tokenHash: found.tokenHash },
      ttlOverride: grantTtlSeconds(Date.parse(found.expiresAt), now.getTime()),
    };
  };
}

let fromEnv: ReturnType<typeof createAuthorizeTokenHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: AuthorizerEvent) => (fromEnv ??= createAuthorizeTokenHandler(configFromEnv()))(event));
