/**
 * InitiateAuth and RespondToAuthChallenge: USER_SRP_AUTH (the Amplify default, answered with a
 * PASSWORD_VERIFIER challenge), USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, and the
 * NEW_PASSWORD_REQUIRED challenge of users an admin created.
 *
 * An unknown user gets a made-up SRP challenge and then the same "Incorrect username or
 * password." as a wrong password, so sign-in never reveals who has an account.
 */
import { randomBytes } from 'node:crypto';
import { CognitoError, wrongCredentials } from '../errors.js';
import { hashPassword, passwordMatches } from '../password-hash.js';
import { assertPasswordConforms } from '../password-policy.js';
import type { AuthenticationResult, Pool } from '../pool.js';
import { claimSignature, createVerifier, IllegalSrpParameter, parseTimestamp, serverChallenge, sessionKey, signaturesMatch } from '../srp.js';
import { normalizeUsername, type StoredUser } from '../user-store.js';
import { requiredString, stringMap, type Input, type Operations } from './operation.js';

const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_PENDING = 10_000;
// Cognito refuses a PASSWORD_VERIFIER whose TIMESTAMP is far from its clock.
const MAX_TIMESTAMP_SKEW_MS = 15 * 60_000;

interface PendingSrp {
  username: string;
  /** No such user: the challenge was made up and can only fail. */
  phantom: boolean;
  AHex: string;
  BHex: string;
  b: bigint;
  verifierHex: string;
  expiresAt: number;
}

interface PendingNewPassword {
  username: string;
  expiresAt: number;
}

type SignInResponse = { ChallengeName?: string; ChallengeParameters: Record<string, string>; Session?: string; AuthenticationResult?: AuthenticationResult };

/** Sign-in state lives between the two calls of a challenge, in memory, for five minutes. */
class PendingChallenges<T extends { expiresAt: number }> {
  private readonly entries = new Map<string, T>();

  add(key: string, value: T, now: number): void {
    for (const [k, v] of this.entries) if (v.expiresAt <= now) this.entries.delete(k);
    if (this.entries.size >= MAX_PENDING) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  /** Single use: taken out whether or not the answer turns out right. */
  take(key: string, now: number): T | undefined {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value && value.expiresAt > now ? value : undefined;
  }
}

export function signInOperations(): Operations {
  const srpChallenges = new PendingChallenges<PendingSrp>();
  const newPasswordChallenges = new PendingChallenges<PendingNewPassword>();
  // Timing: an unknown user costs the same scrypt as a wrong password.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));

  /** The end of every successful password check: status rules, then tokens or the next challenge. */
  async function completeSignIn(user: StoredUser, pool: Pool): Promise<SignInResponse> {
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
    pool.throttle.recordSuccess(user.username);
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const Session = randomBytes(48).toString('base64url');
      newPasswordChallenges.add(Session, { username: user.username, expiresAt: pool.now() + CHALLENGE_TTL_MS }, pool.now());
      const { email_verified: _, ...userAttributes } = user.attributes;
      return { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session, ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(userAttributes) } };
    }
    return { ChallengeParameters: {}, AuthenticationResult: await pool.startSession(user) };
  }

  async function passwordFailed(user: StoredUser | undefined, pool: Pool): Promise<never> {
    if (user) pool.throttle.recordFailure(user.username);
    throw wrongCredentials();
  }

  function startSrp(params: Record<string, string>, pool: Pool): SignInResponse {
    const username = normalizeUsername(requiredParam(params, 'USERNAME'));
    const AHex = requiredParam(params, 'SRP_A');
    if (!/^[0-9a-fA-F]{1,1024}$/.test(AHex)) throw new CognitoError('InvalidParameterException', 'SRP_A must be a hexadecimal number');
    const user = pool.users.get(username);
    const verifierHex = user?.srp.verifierHex ?? createVerifier({ poolName: pool.poolName, username, password: randomBytes(16).toString('hex') }).verifierHex;
    const saltHex = user?.srp.saltHex ?? randomBytes(16).toString('hex');
    const { b, BHex } = serverChallenge(verifierHex);
    const secretBlock = randomBytes(64).toString('base64');
    srpChallenges.add(secretBlock, { username, phantom: !user, AHex, BHex, b, verifierHex, expiresAt: pool.now() + CHALLENGE_TTL_MS }, pool.now());
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: saltHex, SECRET_BLOCK: secretBlock, SRP_B: BHex, USERNAME: username, USER_ID_FOR_SRP: username },
    };
  }

  async function verifyPasswordClaim(responses: Record<string, string>, pool: Pool): Promise<SignInResponse> {
    const secretBlock = requiredParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
    const signature = requiredParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
    const timestamp = requiredParam(responses, 'TIMESTAMP');
    const pending = srpChallenges.take(secretBlock, pool.now());
    if (!pending || normalizeUsername(responses.USERNAME ?? '') !== pending.username) throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
    const signedAt = parseTimestamp(timestamp);
    if (!signedAt || Math.abs(signedAt.getTime() - pool.now()) > MAX_TIMESTAMP_SKEW_MS) throw new CognitoError('NotAuthorizedException', 'Incorrect timestamp format or the timestamp is too far from the server time.');
    const user = pending.phantom ? undefined : pool.users.get(pending.username);
    if (!user) return passwordFailed(undefined, pool);
    pool.throttle.assertAllowed(user.username);
    let key: Buffer;
    try {
      key = sessionKey({ AHex: pending.AHex, BHex: pending.BHex, b: pending.b, verifierHex: pending.verifierHex });
    } catch (error) {
      if (error instanceof IllegalSrpParameter) throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      throw error;
    }
    const expected = claimSignature({ key, poolName: pool.poolName, username: user.username, secretBlock, timestamp });
    if (!signaturesMatch(expected, signature)) return passwordFailed(user, pool);
    return completeSignIn(user, pool);
  }

  async function passwordSignIn(params: Record<string, string>, pool: Pool): Promise<SignInResponse> {
    const user = pool.users.get(requiredParam(params, 'USERNAME'));
    const password = requiredParam(params, 'PASSWORD');
    if (user) pool.throttle.assertAllowed(user.username);
    const matches = await passwordMatches(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !matches) return passwordFailed(user, pool);
    return completeSignIn(user, pool);
  }

  async function setNewPassword(input: Input, responses: Record<string, string>, pool: Pool): Promise<SignInResponse> {
    const pending = newPasswordChallenges.take(typeof input.Session === 'string' ? input.Session : '', pool.now());
    if (!pending || normalizeUsername(responses.USERNAME ?? pending.username) !== pending.username) throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const user = pool.users.get(pending.username);
    if (!user) throw wrongCredentials();
    const password = responses.NEW_PASSWORD;
    assertPasswordConforms(password, pool.config.passwordPolicy);
    await pool.setPassword(user, password);
    user.status = 'CONFIRMED';
    await pool.users.save(user, pool.now());
    return completeSignIn(user, pool);
  }

  return {
    InitiateAuth: {
      signed: false,
      async handle(input, pool) {
        pool.assertClient(input.ClientId);
        const flow = requiredString(input, 'AuthFlow');
        const params = stringMap(input, 'AuthParameters');
        switch (flow) {
          case 'USER_SRP_AUTH':
            return startSrp(params, pool);
          case 'USER_PASSWORD_AUTH':
            return passwordSignIn(params, pool);
          case 'REFRESH_TOKEN_AUTH':
          case 'REFRESH_TOKEN':
            return { ChallengeParameters: {}, AuthenticationResult: await pool.refresh(params.REFRESH_TOKEN, pool.config.clientId) };
          default:
            throw new CognitoError('InvalidParameterException', `The local user pool supports USER_SRP_AUTH, USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, not ${flow}.`);
        }
      },
    },

    RespondToAuthChallenge: {
      signed: false,
      async handle(input, pool) {
        pool.assertClient(input.ClientId);
        const challenge = requiredString(input, 'ChallengeName');
        const responses = stringMap(input, 'ChallengeResponses');
        switch (challenge) {
          case 'PASSWORD_VERIFIER':
            return verifyPasswordClaim(responses, pool);
          case 'NEW_PASSWORD_REQUIRED':
            return setNewPassword(input, responses, pool);
          default:
            throw new CognitoError('InvalidParameterException', `The local user pool does not issue the challenge ${challenge}.`);
        }
      },
    },
  };
}

function requiredParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}
