/** ForgotPassword and ConfirmForgotPassword: a new password by a code sent to the verified e-mail. */
import { sendCode, spendCode } from '../code-steps.js';
import { codeMismatch, CognitoError } from '../errors.js';
import { assertPasswordConforms } from '../password-policy.js';
import { requiredString, type Operations } from './operation.js';

export const passwordResetOperations: Operations = {
  ForgotPassword: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      return sendCode(pool, requiredString(input, 'Username'), 'FORGOT_PASSWORD', (user) => {
        if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
        if (user.status === 'FORCE_CHANGE_PASSWORD') throw new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');
        if (user.attributes.email_verified !== 'true') throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
      });
    },
  },

  ConfirmForgotPassword: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      const user = pool.users.get(requiredString(input, 'Username'));
      const code = requiredString(input, 'ConfirmationCode');
      // Checked before the code, so a weak password does not use the code up.
      const password = input.Password;
      assertPasswordConforms(password, pool.config.passwordPolicy);
      if (!user) throw codeMismatch();
      await spendCode(pool, user, 'FORGOT_PASSWORD', code);
      await pool.setPassword(user, password);
      if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
      await pool.users.save(user, pool.now());
      pool.throttle.recordSuccess(user.username);
      return {};
    },
  },
};
