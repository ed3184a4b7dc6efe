/**
 * Cognito-shaped tokens minted in the test with jose, and the forgeries an attacker would try.
 * Real keys and real signatures: the engine verifies them as it verifies the stand-in's.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface TokenUser {
  sub: string;
  username: string;
  email?: string;
  groups?: string[];
}

export interface TokenOptions {
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Seconds ago the token was issued (and the user authenticated). */
  issuedAgo?: number;
  extra?: Record<string, unknown>;
}

export async function createIssuer(issuer: string) {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };

  async function sign(claims: JWTPayload, o: TokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000) - (o.issuedAgo ?? 0);
    return new SignJWT({ auth_time: now, ...claims, ...o.extra })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + (o.expiresIn ?? 3600))
      .sign(privateKey);
  }

  const common = (u: TokenUser) => ({ sub: u.sub, origin_jti: randomUUID(), event_id: randomUUID(), ...(u.groups ? { 'cognito:groups': u.groups } : {}) });

  return {
    issuer,
    jwks,
    sign,
    /** An id token: the client in `aud`, the user in `cognito:username`. */
    idToken: (u: TokenUser, clientId: string, o?: TokenOptions) =>
      sign({ ...common(u), token_use: 'id', aud: clientId, 'cognito:username': u.username, email: u.email, email_verified: true }, o),
    /** An access token (what Amplify sends): the client in `client_id`, the user in `username`. */
    accessToken: (u: TokenUser, clientId: string, o?: TokenOptions) =>
      sign({ ...common(u), token_use: 'access', client_id: clientId, username: u.username, scope: 'aws.cognito.signin.user.admin' }, o),
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const partsOf = (token: string) => token.split('.') as [string, string, string];
export const payloadOf = (token: string) => JSON.parse(Buffer.from(partsOf(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** The same token with one signature byte flipped. */
export function tamperSignature(token: string): string {
  const [h, p, s] = partsOf(token);
  const bytes = Buffer.from(s, 'base64url');
  bytes[bytes.length >> 1] ^= 0x01;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

/** The payload changed (e.g. another `sub`, more groups) under the original signature. */
export function changePayload(token: string, changes: Record<string, unknown>): string {
  const [h, , s] = partsOf(token);
  return `${h}.${b64({ ...payloadOf(token), ...changes })}.${s}`;
}

/** The same claims, unsigned: `alg: none` and an empty signature. */
export function unsigned(token: string): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${partsOf(token)[1]}.`;
}
