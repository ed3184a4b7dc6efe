/** SignUp, ConfirmSignUp, ResendConfirmationCode: self-service registration with an e-mailed code. */
import { randomUUID } from 'node:crypto';
import { assertEmailUsername, writableAttributes } from '../attributes.js';
import { codeMismatch, CognitoError } from '../errors.js';
import { assertPasswordConforms } from '../password-policy.js';
import { deliveryDetails } from '../pool.js';
import { normalizeUsername, type StoredUser } from '../user-store.js';
import { checkCode } from '../verification-codes.js';
import { attributeList, requiredString, type Operations } from './operation.js';

export const signUpOperations: Operations = {
  SignUp: {
    signed: false,
    async handle(input, pool) {
      pool.assertClient(input.ClientId);
      const username = normalizeUsername(requiredString(input, 'Username'));
      assertEmailUsername(username);
      const password = input.Password;
      assertPasswordConforms(password);
      const attributes = writableAttributes(attributeList(input, 'UserAttributes'), { username, admin: false });
      if (pool.users.get(username)) throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const now = pool.now();
      const user: StoredUser = {
        username,
        sub: randomUUID(),
        attributes: { ...attributes, email: username, email_verified: 'false' },
        status: 'UNCONFIRMED',
        enabled: true,
        createdAt: now,
        updatedAt: now,
        srp: { saltHex: '', verifierHex: '' },
        passwordHash: '',
        groups: [],
        codes: {},
      };
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
      const result = checkCode(user, 'SIGN_UP', code, pool.now());
      if (result === 'mismatch') {
        await pool.users.save(user, pool.now());
        throw codeMismatch();
      }
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
      const username = requiredString(input, 'Username');
      const user = pool.users.get(username);
      if (!user) return { CodeDeliveryDetails: deliveryDetails(normalizeUsername(username)) };
      if (user.status !== 'UNCONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
      const CodeDeliveryDetails = pool.issueCode(user, 'SIGN_UP');
      await pool.users.save(user, pool.now());
      return { CodeDeliveryDetails };
    },
  },
};
