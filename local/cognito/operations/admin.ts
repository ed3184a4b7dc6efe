/**
 * The admin calls scripts and tests make, SigV4-signed with the stack's credentials (the
 * server checks the signature before any of these run): create, read, list, confirm, delete
 * users, set passwords, manage group membership (groups appear in `cognito:groups`).
 */
import { randomBytes } from 'node:crypto';
import { assertEmailUsername, writableAttributes } from '../attributes.js';
import { CognitoError } from '../errors.js';
import { assertPasswordConforms } from '../password-policy.js';
import type { Pool } from '../pool.js';
import { newUser, normalizeUsername, type StoredUser } from '../user-store.js';
import { attributeList, optionalString, requiredString, type Input, type Operations } from './operation.js';

const seconds = (ms: number) => ms / 1000;

/** A user as ListUsers and AdminCreateUser return it (AdminGetUser renames Attributes to UserAttributes). */
function userRecord(user: StoredUser, pool: Pool) {
  return {
    Username: user.username,
    Attributes: pool.attributesOf(user),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Every admin call names the pool; the user, where there is one, must exist. */
function adminUser(input: Input, pool: Pool): StoredUser {
  pool.assertPool(input.UserPoolId);
  return pool.existingUser(requiredString(input, 'Username'));
}

function groupName(input: Input): string {
  const name = requiredString(input, 'GroupName');
  if (name.length > 128 || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(name)) throw new CognitoError('InvalidParameterException', "1 validation error detected: Value at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
  return name;
}

/** A password nobody knows, for AdminCreateUser without TemporaryPassword: set one with AdminSetUserPassword. */
const unknowablePassword = () => `${randomBytes(24).toString('base64url')}aA1!`;

const FILTERABLE: Record<string, (u: StoredUser) => string | undefined> = {
  username: (u) => u.username,
  email: (u) => u.attributes.email,
  sub: (u) => u.sub,
  name: (u) => u.attributes.name,
  given_name: (u) => u.attributes.given_name,
  family_name: (u) => u.attributes.family_name,
  preferred_username: (u) => u.attributes.preferred_username,
  phone_number: (u) => u.attributes.phone_number,
  'cognito:user_status': (u) => u.status,
  status: (u) => (u.enabled ? 'Enabled' : 'Disabled'),
};

/** ListUsers' filter language: `attribute = "value"` or `attribute ^= "prefix"`. */
function userFilter(filter: string | undefined): (u: StoredUser) => boolean {
  if (!filter) return () => true;
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  const read = m ? FILTERABLE[m[1]] : undefined;
  if (!m || !read) throw new CognitoError('InvalidParameterException', `Invalid filter: use attribute = "value" or attribute ^= "value" with one of ${Object.keys(FILTERABLE).join(', ')}`);
  const value = m[3].replace(/\\(.)/g, '$1');
  return m[2] === '=' ? (u) => read(u) === value : (u) => read(u)?.startsWith(value) === true;
}

export const adminOperations: Operations = {
  AdminCreateUser: {
    signed: true,
    async handle(input, pool) {
      pool.assertPool(input.UserPoolId);
      const username = normalizeUsername(requiredString(input, 'Username'));
      const action = optionalString(input, 'MessageAction');
      if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND') throw new CognitoError('InvalidParameterException', 'MessageAction must be SUPPRESS or RESEND');
      const existing = pool.users.get(username);
      if (action === 'RESEND') {
        if (!existing) throw new CognitoError('UserNotFoundException', 'User does not exist.');
        if (existing.status !== 'FORCE_CHANGE_PASSWORD') throw new CognitoError('UnsupportedOperationException', 'Resend not possible. User status is not FORCE_CHANGE_PASSWORD.');
        return { User: userRecord(existing, pool) };
      }
      if (existing) throw new CognitoError('UsernameExistsException', 'User account already exists');
      assertEmailUsername(username);
      const temporary = input.TemporaryPassword ?? unknowablePassword();
      assertPasswordConforms(temporary, pool.config.passwordPolicy);
      const attributes = writableAttributes(attributeList(input, 'UserAttributes'), { username, admin: true });
      const user = newUser(username, 'FORCE_CHANGE_PASSWORD', { email_verified: 'false', ...attributes, email: username }, pool.now());
      await pool.setPassword(user, temporary);
      if (!(await pool.users.create(user))) throw new CognitoError('UsernameExistsException', 'User account already exists');
      return { User: userRecord(user, pool) };
    },
  },

  AdminGetUser: {
    signed: true,
    async handle(input, pool) {
      const { Attributes: UserAttributes, ...record } = userRecord(adminUser(input, pool), pool);
      return { ...record, UserAttributes, UserMFASettingList: [] };
    },
  },

  AdminDeleteUser: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      await pool.sessions.revokeUser(user.username, pool.config.lifetimes.accessTokenSeconds);
      await pool.users.delete(user.username);
      return {};
    },
  },

  AdminConfirmSignUp: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
      user.status = 'CONFIRMED';
      delete user.codes.SIGN_UP;
      await pool.users.save(user, pool.now());
      return {};
    },
  },

  AdminSetUserPassword: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      const password = input.Password;
      assertPasswordConforms(password, pool.config.passwordPolicy);
      await pool.setPassword(user, password);
      user.status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      await pool.users.save(user, pool.now());
      pool.throttle.recordSuccess(user.username);
      return {};
    },
  },

  AdminDisableUser: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      user.enabled = false;
      await pool.users.save(user, pool.now());
      return {};
    },
  },

  AdminEnableUser: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      user.enabled = true;
      await pool.users.save(user, pool.now());
      return {};
    },
  },

  AdminUserGlobalSignOut: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      await pool.sessions.revokeUser(user.username, pool.config.lifetimes.accessTokenSeconds);
      return {};
    },
  },

  AdminAddUserToGroup: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      const group = groupName(input);
      if (!user.groups.includes(group)) {
        user.groups.push(group);
        await pool.users.save(user, pool.now());
      }
      return {};
    },
  },

  AdminRemoveUserFromGroup: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      const group = groupName(input);
      if (user.groups.includes(group)) {
        user.groups = user.groups.filter((g) => g !== group);
        await pool.users.save(user, pool.now());
      }
      return {};
    },
  },

  AdminListGroupsForUser: {
    signed: true,
    async handle(input, pool) {
      const user = adminUser(input, pool);
      return { Groups: user.groups.map((GroupName) => ({ GroupName, UserPoolId: pool.config.userPoolId })) };
    },
  },

  ListUsers: {
    signed: true,
    async handle(input, pool) {
      pool.assertPool(input.UserPoolId);
      const limit = input.Limit ?? 60;
      if (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > 60) throw new CognitoError('InvalidParameterException', "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60");
      const token = optionalString(input, 'PaginationToken');
      const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(start) || start < 0) throw new CognitoError('InvalidParameterException', 'Invalid pagination token');
      const matching = pool.users.all().filter(userFilter(optionalString(input, 'Filter')));
      const page = matching.slice(start, start + ((limit as number) || 60));
      const wanted = Array.isArray(input.AttributesToGet) ? new Set(input.AttributesToGet as string[]) : undefined;
      const Users = page.map((u) => {
        const record = userRecord(u, pool);
        return wanted ? { ...record, Attributes: record.Attributes.filter((a) => wanted.has(a.Name)) } : record;
      });
      const next = start + page.length;
      return { Users, ...(next < matching.length ? { PaginationToken: Buffer.from(String(next)).toString('base64url') } : {}) };
    },
  },
};
