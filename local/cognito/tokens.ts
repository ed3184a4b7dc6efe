/**
 * Id and access tokens as Cognito issues them: RS256 JWTs with Cognito's claims, signed by the
 * pool's key, `iss` = `<endpoint>/<userPoolId>`. Also the check the pool itself makes when a
 * caller presents an access token (GetUser, GlobalSignOut): signature, issuer, expiry, use.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { CognitoError } from './errors.js';
import type { SigningKey } from './signing-key.js';

export interface TokenLifetimes {
  /** Seconds; Cognito's default and this pool's: 60 minutes. */
  idTokenSeconds: number;
  /** Seconds; 60 minutes. */
  accessTokenSeconds: number;
  /** Seconds; 30 days. */
  refreshTokenSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = { idTokenSeconds: 3600, accessTokenSeconds: 3600, refreshTokenSeconds: 30 * 24 * 3600 };

/** Who the tokens are for, and the sign-in they descend from. */
export interface TokenSubject {
  username: string;
  sub: string;
  email?: string;
  emailVerified: boolean;
  groups: string[];
  /** Seconds since the epoch of the sign-in itself; refreshes keep it. */
  authTime: number;
  /** Shared by every token of one sign-in (and its refreshes), so one revocation covers them all. */
  originJti: string;
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  username: string;
  client_id: string;
  origin_jti: string;
  token_use: 'access';
}

export class TokenIssuer {
  constructor(
    private readonly o: { key: SigningKey; issuer: string; clientId: string; lifetimes: TokenLifetimes; now: () => number },
  ) {}

  async issue(subject: TokenSubject): Promise<{ IdToken: string; AccessToken: string; ExpiresIn: number; TokenType: 'Bearer' }> {
    const iat = Math.floor(this.o.now() / 1000);
    const eventId = randomUUID();
    const groups = subject.groups.length > 0 ? { 'cognito:groups': [...subject.groups] } : {};
    const common = { ...groups, origin_jti: subject.originJti, event_id: eventId, auth_time: subject.authTime };
    const idToken = await this.sign(
      { sub: subject.sub, ...common, email_verified: subject.emailVerified, 'cognito:username': subject.username, aud: this.o.clientId, token_use: 'id', ...(subject.email ? { email: subject.email } : {}) },
      iat,
      this.o.lifetimes.idTokenSeconds,
    );
    const accessToken = await this.sign(
      { sub: subject.sub, ...common, client_id: this.o.clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: subject.username },
      iat,
      this.o.lifetimes.accessTokenSeconds,
    );
    return { IdToken: idToken, AccessToken: accessToken, ExpiresIn: this.o.lifetimes.accessTokenSeconds, TokenType: 'Bearer' };
  }

  private sign(claims: JWTPayload, iat: number, lifetime: number): Promise<string> {
    return new SignJWT({ ...claims, iss: this.o.issuer, iat, exp: iat + lifetime, jti: randomUUID() })
      .setProtectedHeader({ kid: this.o.key.kid, alg: 'RS256' })
      .sign(this.o.key.privateKey);
  }

  /** The claims of a valid access token of this pool and client, or Cognito's refusal. */
  async verifyAccessToken(token: unknown): Promise<AccessTokenClaims> {
    if (typeof token !== 'string' || token === '') throw new CognitoError('InvalidParameterException', "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must not be null");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.o.key.publicKey, { algorithms: ['RS256'], issuer: this.o.issuer, currentDate: new Date(this.o.now()), clockTolerance: 0 }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
      throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    }
    if (payload.token_use !== 'access' || payload.client_id !== this.o.clientId || typeof payload.sub !== 'string' || typeof payload.username !== 'string' || typeof payload.origin_jti !== 'string') {
      throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    }
    return payload as AccessTokenClaims;
  }
}
