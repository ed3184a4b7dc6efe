/** SignUp, ConfirmSignUp, ResendConfirmationCode: self-service registration with an e-mailed code. */
import { assertEmailUsername, writableAttributes } from '../attributes.js';
import { sendCode, spendCode } from '../code-steps.js';
import { codeMismatch, CognitoError } from '../errors.js';
import { assertPasswordConforms } from '../password-policy.js';
import { newUser, normalizeUsername } from '../user-store.js';
import { attributeList, requiredString, type Operations } from './operation.js';

export const signUpOperations: Operations = {
  SignUp: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      const username = normalizeUsername(requiredString(input, 'Username'));
      assertEmailUsername(username);
      const password = input.Password;
      assertPasswordConforms(password, pool.config.passwordPolicy);
      const attributes = writableAttributes(attributeList(input, 'UserAttributes'), { username, admin: false });
      if (pool.users.get(username)) throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const user = newUser(username, 'UNCONFIRMED', { ...attributes, email: username, email_verified: 'false' }, pool.now());
      await pool.setPassword(user, password);
      const code = pool.newCode(user, 'SIGN_UP');
      if (!(await pool.users.create(user))) throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const CodeDeliveryDetails = pool.deliver(user, code);
      return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails };
    },
  },

  ConfirmSignUp: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      const user = pool.users.get(requiredString(input, 'Username'));
      const code = requiredString(input, 'ConfirmationCode');
      // An unknown user answers like a wrong code: the pool does not reveal who exists.
      if (!user) throw codeMismatch();
      if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
      await spendCode(pool, user, 'SIGN_UP', code);
      user.status = 'CONFIRMED';
      user.attributes.email_verified = 'true';
      await pool.users.save(user, pool.now());
      return {};
    },
  },

  ResendConfirmationCode: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      return sendCode(pool, requiredString(input, 'Username'), 'SIGN_UP', (user) => {
        if (user.status !== 'UNCONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
      });
    },
  },
};
