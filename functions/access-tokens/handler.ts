/**
 * createAccessToken, accessTokens and revokeAccessToken for a signed-in user (the resolvers pass
 * its sub as `owner`). Input problems are answered as data, as createBlob answers them.
 */
import { ACCESS_TOKEN_DEFAULT_DAYS, ACCESS_TOKEN_MAX_DAYS } from '../../api/access-tokens.js';
import { inputRefusal, type InputRefusal } from '../../api/input-refusal.js';
import { createAccessTokenStore, type AccessTokenView } from '../lib/access-tokens.js';
import { createClients } from '../lib/clients.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { traced } from '../lib/tracing.js';

export type AccessTokensEvent =
  | { field: 'createAccessToken'; owner: string; name?: string | null; expiresInDays?: number | null }
  | { field: 'accessTokens'; owner: string }
  | { field: 'revokeAccessToken'; owner: string; id: string };

export type AccessTokensResult =
  | { ok: true; value: (AccessTokenView & { token: string }) | AccessTokenView[] | boolean }
  | InputRefusal;

const MAX_NAME_LENGTH = 100;

export function createAccessTokensHandler(config: FunctionConfig) {
  const tokens = createAccessTokenStore(createClients(config).dynamodb, config.tableName);
  const logger = createLogger('accessTokens');
  return async function handler(event: AccessTokensEvent): Promise<AccessTokensResult> {
    if (typeof event?.owner !== 'string' || event.owner.length === 0) throw new Error('access tokens are for signed-in users only (no owner in the event)');
    switch (event.field) {
      case 'createAccessToken': {
        const name = (event.name ?? '').trim();
        if (name.length === 0 || name.length > MAX_NAME_LENGTH) return inputRefusal(`name must be 1-${MAX_NAME_LENGTH} characters, not blank`);
        const days = event.expiresInDays ?? ACCESS_TOKEN_DEFAULT_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > ACCESS_TOKEN_MAX_DAYS) return inputRefusal(`expiresInDays must be 1-${ACCESS_TOKEN_MAX_DAYS}; got ${days}`);
        const issued = await tokens.issue(event.owner, name, days, new Date());
        logger.info('access token created', { tokenId: issued.id, expiresAt: issued.expiresAt });
        return { ok: true, value: issued };
      }
      case 'accessTokens':
        return { ok: true, value: await tokens.list(event.owner) };
      case 'revokeAccessToken': {
        const revoked = await tokens.revoke(event.owner, event.id);
        logger.info('access token revoked', { tokenId: event.id, found: revoked });
        return { ok: true, value: revoked };
      }
    }
  };
}

let fromEnv: ReturnType<typeof createAccessTokensHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: AccessTokensEvent) => (fromEnv ??= createAccessTokensHandler(configFromEnv()))(event));
