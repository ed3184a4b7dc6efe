/** A signed-in user's changes to their own account: ChangePassword (updatePassword) and DeleteUser (deleteUser). */
import { wrongCredentials } from '../errors.js';
import { passwordMatches } from '../password-hash.js';
import { assertPasswordConforms } from '../password-policy.js';
import { requiredString, type Operations } from './operation.js';

export const accountOperations: Operations = {
  ChangePassword: {
    signed: false,
    async handle(input, pool) {
      const { user } = await pool.authorizedUser(input.AccessToken);
      const previous = requiredString(input, 'PreviousPassword');
      const proposed = input.ProposedPassword;
      assertPasswordConforms(proposed, pool.config.passwordPolicy);
      // The old password is a password guess like any other: it counts towards the lockout.
      pool.throttle.assertAllowed(user.username);
      if (!(await passwordMatches(previous, user.passwordHash))) {
        pool.throttle.recordFailure(user.username);
        throw wrongCredentials();
      }
      pool.throttle.recordSuccess(user.username);
      await pool.setPassword(user, proposed);
      await pool.users.save(user, pool.now());
      return {};
    },
  },

  DeleteUser: {
    signed: false,
    async handle(input, pool) {
      const { user } = await pool.authorizedUser(input.AccessToken);
      await pool.sessions.revokeUser(user.username, pool.config.lifetimes.accessTokenSeconds);
      await pool.users.delete(user.username);
      return {};
    },
  },
};
