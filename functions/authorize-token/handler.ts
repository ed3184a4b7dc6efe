/**
 * The API's Lambda authorizer: admits a personal access token (`blobs_pat_…` in Authorization)
 * that is known, unrevoked and unexpired, as its owner. Resolvers then read the owner from
 * ctx.identity.resolverContext.sub, exactly where a user-pool caller's sub is used.
 */
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
  resolverContext?: { sub: string; tokenId: string };
  ttlOverride: number;
}

export function createAuthorizeTokenHandler(config: FunctionConfig) {
  const tokens = createAccessTokenStore(createClients(config).dynamodb, config.tableName);
  const logger = createLogger('authorizeAccessToken');
  return async function handler(event: AuthorizerEvent): Promise<AuthorizerAnswer> {
    const found = typeof event?.authorizationToken === 'string' ? await tokens.verify(event.authorizationToken, new Date()) : undefined;
    // ttlOverride 0: AppSync's cache cannot be flushed per token, and a revoked or expired token
    // must be refused on its next request, not when a cached answer runs out.
    if (!found) {
      logger.info('access token refused', { requestId: event?.requestContext?.requestId });
      return { isAuthorized: false, ttlOverride: 0 };
    }
    return { isAuthorized: true, resolverContext: { sub: found.owner, tokenId: found.tokenId }, ttlOverride: 0 };
  };
}

let fromEnv: ReturnType<typeof createAuthorizeTokenHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: AuthorizerEvent) => (fromEnv ??= createAuthorizeTokenHandler(configFromEnv()))(event));
