/**
 * A signed-in user's own calls: GetTokensFromRefreshToken (Amplify's refresh path), GetUser
 * (fetchUserAttributes), RevokeToken (signOut) and GlobalSignOut (signOut({ global: true })).
 */
import { CognitoError } from '../errors.js';
import { requiredString, type Operations } from './operation.js';

export const sessionOperations: Operations = {
  GetTokensFromRefreshToken: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      return { AuthenticationResult: await pool.refresh(input.RefreshToken, pool.config.clientId) };
    },
  },

  GetUser: {
    signed: false,
    async handle(input, pool) {
      const { user } = await pool.authorizedUser(input.AccessToken);
      return { Username: user.username, UserAttributes: pool.attributesOf(user), UserMFASettingList: [] };
    },
  },

  RevokeToken: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      const token = requiredString(input, 'Token');
      const found = pool.sessions.lookup(token);
      if (found.status === 'valid' && found.session.clientId !== pool.config.clientId) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
      // Revoking a token that is unknown or already revoked succeeds, as on AWS.
      await pool.sessions.revokeRefreshToken(token, pool.config.lifetimes.accessTokenSeconds);
      return {};
    },
  },

  GlobalSignOut: {
    signed: false,
    async handle(input, pool) {
      const { user, claims } = await pool.authorizedUser(input.AccessToken);
      await pool.sessions.revokeUser(user.username, pool.config.lifetimes.accessTokenSeconds, claims.origin_jti);
      return {};
    },
  },
};
