/**
 * One user pool with one public app client: what every operation handler shares. It owns the
 * rules that several operations apply alike (which client may call, how a password is stored,
 * how a sign-in ends in tokens, how a code reaches the developer, how an access token is
 * checked), so the handlers stay about their own operation.
 */
import { randomUUID } from 'node:crypto';
import { CognitoError, userNotFound } from './errors.js';
import { hashPassword } from './password-hash.js';
import type { SessionStore } from './session-store.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { createVerifier, poolNameOf } from './srp.js';
import type { AccessTokenClaims, TokenIssuer, TokenLifetimes } from './tokens.js';
import type { UserStore, CodePurpose, StoredUser } from './user-store.js';
import { newCode, type IssuedCode } from './verification-codes.js';
import type { PasswordPolicy } from './password-policy.js';

export interface PoolConfig {
  userPoolId: string;
  clientId: string;
  region: string;
  lifetimes: TokenLifetimes;
  /** How long codes stay valid, in ms (Cognito: 24 h for sign-up, 1 h for password reset). */
  codeLifetimesMs: Record<CodePurpose, number>;
  passwordPolicy: PasswordPolicy;
  now: () => number;
}

export interface AttributeType {
  Name: string;
  Value: string;
}

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
}

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
}

export class Pool {
  readonly poolName: string;

  constructor(
    readonly config: PoolConfig,
    readonly users: UserStore,
    readonly sessions: SessionStore,
    readonly tokens: TokenIssuer,
    readonly throttle: SignInThrottle,
    private readonly deliverCode: (code: IssuedCode) => void,
  ) {
    this.poolName = poolNameOf(config.userPoolId);
  }

  now(): number {
    return this.config.now();
  }

  assertClient(clientId: unknown): void {
    if (typeof clientId !== 'string' || clientId === '') throw new CognitoError('InvalidParameterException', "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null");
    if (clientId !== this.config.clientId) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  }

  assertPool(userPoolId: unknown): void {
    if (typeof userPoolId !== 'string' || userPoolId === '') throw new CognitoError('InvalidParameterException', "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
    if (userPoolId !== this.config.userPoolId) throw new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  }

  /** Admin calls name an existing user or fail with UserNotFoundException (they are trusted callers). */
  existingUser(username: unknown): StoredUser {
    const user = typeof username === 'string' && username !== '' ? this.users.find(username) : undefined;
    if (!user) throw userNotFound();
    return user;
  }

  /** Stores what is needed to check the password later (SRP verifier, scrypt hash), never the password. */
  async setPassword(user: Pick<StoredUser, 'username' | 'srp' | 'passwordHash'>, password: string): Promise<void> {
    user.srp = createVerifier({ poolName: this.poolName, username: user.username, password });
    user.passwordHash = await hashPassword(password);
  }

  /** Makes a code, keeps its hash on the user (the caller saves), and hands the code to the developer. */
  issueCode(user: StoredUser, purpose: CodePurpose): CodeDeliveryDetails {
    return this.deliver(user, this.newCode(user, purpose));
  }

  /** The two halves of issueCode, for a caller that must store the user before the code goes out. */
  newCode(user: StoredUser, purpose: CodePurpose): IssuedCode {
    return newCode(user, purpose, this.config.codeLifetimesMs[purpose], this.now());
  }

  deliver(user: StoredUser, code: IssuedCode): CodeDeliveryDetails {
    this.deliverCode(code);
    return deliveryDetails(user.attributes.email ?? user.username);
  }

  attributesOf(user: StoredUser): AttributeType[] {
    return [{ Name: 'sub', Value: user.sub }, ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }))];
  }

  /** A completed sign-in: a new origin_jti, a refresh token, and the first id and access tokens. */
  async startSession(user: StoredUser): Promise<AuthenticationResult> {
    const now = this.now();
    const originJti = randomUUID();
    const authTime = Math.floor(now / 1000);
    const tokens = await this.tokens.issue(this.subjectOf(user, authTime, originJti));
    const RefreshToken = await this.sessions.create({ username: user.username, clientId: this.config.clientId, originJti, authTime, expiresAt: now + this.config.lifetimes.refreshTokenSeconds * 1000 });
    return { ...tokens, RefreshToken };
  }

  /** New id and access tokens for a refresh token (no rotation: the client keeps its refresh token). */
  async refresh(refreshToken: unknown, clientId: string): Promise<AuthenticationResult> {
    if (typeof refreshToken !== 'string' || refreshToken === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
    const found = this.sessions.lookup(refreshToken);
    if (found.status === 'revoked') throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    if (found.status === 'expired') throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
    if (found.status !== 'valid' || found.session.clientId !== clientId) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    const user = this.users.get(found.session.username);
    if (!user) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return this.tokens.issue(this.subjectOf(user, found.session.authTime, found.session.originJti));
  }

  /** An access token the caller presents for their own account: valid, not revoked, user still there. */
  async authorizedUser(accessToken: unknown): Promise<{ user: StoredUser; claims: AccessTokenClaims }> {
    const claims = await this.tokens.verifyAccessToken(accessToken);
    if (this.sessions.isRevoked(claims.origin_jti)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    const user = this.users.get(claims.username);
    if (!user || user.sub !== claims.sub) throw userNotFound();
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return { user, claims };
  }

  private subjectOf(user: StoredUser, authTime: number, originJti: string) {
    return { username: user.username, sub: user.sub, email: user.attributes.email, emailVerified: user.attributes.email_verified === 'true', groups: user.groups, authTime, originJti };
  }
}

/** Cognito shows where a code went without revealing the address: "a***@e***". */
export function deliveryDetails(address: string): CodeDeliveryDetails {
  const [local = '', domain = ''] = address.split('@');
  return { Destination: `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}
