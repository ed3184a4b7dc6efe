/**
 * JWT bearer tokens as AppSync checks them for AMAZON_COGNITO_USER_POOLS and OPENID_CONNECT:
 * RS256 signature against the issuer's JWKS, expiry, issuer, and the app client the token was
 * issued to. Which of the two modes a token belongs to is decided by its issuer.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { discoveredKeys } from './discovery.js';

/** Where the issuer's signing keys come from: its published JWKS, or keys handed over in-process. */
export type KeySource = { jwksUri: string } | { jwks: JSONWebKeySet };

export interface UserPoolAuthConfig {
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` on AWS; the stand-in's issuer locally. */
  issuer: string;
  keys: KeySource;
  /** AppSync's appIdClientRegex, matched against the whole client id; absent = any app client of the pool. */
  appIdClientRegex?: string;
  /** Only when user pools are the default mode: ALLOW lets any signed-in user reach fields without directives. */
  defaultAction?: 'ALLOW' | 'DENY';
}

export interface OidcAuthConfig {
  issuer: string;
  /** Absent: discovered from `<issuer>/.well-known/openid-configuration`, as AppSync does (discovery.ts). */
  keys?: KeySource;
  /** AppSync's clientId: a regular expression matched against the token's `aud` (or `azp`/`client_id`). */
  clientId?: string;
  /** Milliseconds a token is accepted after it was issued (`iat`); 0 or absent = no limit beyond `exp`. */
  iatTTL?: number;
  /** Milliseconds a token is accepted after the user authenticated (`auth_time`); 0 or absent = no limit. */
  authTTL?: number;
}

export type TokenMode = 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT';

export interface VerifiedToken {
  mode: TokenMode;
  issuer: string;
  claims: JWTPayload & Record<string, unknown>;
}

/** Why a token was refused; the message is AppSync's and safe to show the caller. */
export class TokenRejected extends Error {}

// Issuer and verifier clocks drift; AppSync tolerates a little.
const CLOCK_TOLERANCE_SECONDS = 5;
const JWKS_FETCH_TIMEOUT_MS = 10_000;
/** Distinct tokens remembered as verified; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 10_000;

const NOT_AUTHORIZED = 'You are not authorized to make this call.';

function keyResolver(source: KeySource, cooldownMs: number | undefined): JWTVerifyGetKey {
  return 'jwks' in source ? createLocalJWKSet(source.jwks) : createRemoteJWKSet(new URL(source.jwksUri), { timeoutDuration: JWKS_FETCH_TIMEOUT_MS, cooldownDuration: cooldownMs });
}

const wholeMatch = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/**
 * `cacheSize`: how many verified tokens to remember; a test passes a few to see the oldest forgotten.
 * `keyRefreshCooldownMs`: least time between JWKS refetches for unknown `kid`s (jose's 30 s when absent).
 */
export function createTokenVerifier(o: { userPool?: UserPoolAuthConfig; oidc?: OidcAuthConfig; cacheSize?: number; keyRefreshCooldownMs?: number }) {
  const { cacheSize = VERIFIED_CACHE_SIZE, keyRefreshCooldownMs: cooldownMs } = o;
  const pool = o.userPool && { config: o.userPool, keys: keyResolver(o.userPool.keys, cooldownMs), clients: o.userPool.appIdClientRegex ? wholeMatch(o.userPool.appIdClientRegex) : undefined };
  const oidcKeys = (c: OidcAuthConfig) => (c.keys ? keyResolver(c.keys, cooldownMs) : discoveredKeys(c.issuer, { timeoutMs: JWKS_FETCH_TIMEOUT_MS, cooldownMs }));
  const oidc = o.oidc && { config: o.oidc, keys: oidcKeys(o.oidc), clients: o.oidc.clientId ? wholeMatch(o.oidc.clientId) : undefined };

  async function verifySignature(token: string, issuer: string, keys: JWTVerifyGetKey, now: Date): Promise<JWTPayload & Record<string, unknown>> {
    try {
      // algorithms pins RS256: `alg: none` and HMAC tokens signed with the public key never pass.
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'], clockTolerance: CLOCK_TOLERANCE_SECONDS, currentDate: now, requiredClaims: ['exp', 'sub'] });
      return payload as JWTPayload & Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRejected('Token has expired.');
      if (error instanceof errors.JOSEError) throw new TokenRejected(NOT_AUTHORIZED);
      // The issuer's JWKS could not be fetched (pool down, network): the token is unproven, so
      // the caller is refused like any other; the operator gets the reason in the log.
      console.error(JSON.stringify({ level: 'ERROR', message: 'token signing keys unavailable', issuer, error: (error as Error).message }));
      throw new TokenRejected(NOT_AUTHORIZED);
    }
  }

  async function verifyUserPoolToken(token: string, p: NonNullable<typeof pool>, now: Date): Promise<VerifiedToken> {
    const claims = await verifySignature(token, p.config.issuer, p.keys, now);
    // Cognito issues id tokens (client in `aud`) and access tokens (client in `client_id`); AppSync takes both.
    const client = claims.token_use === 'id' ? claims.aud : claims.token_use === 'access' ? claims.client_id : undefined;
    if (typeof client !== 'string') throw new TokenRejected(NOT_AUTHORIZED);
    if (p.clients && !p.clients.test(client)) throw new TokenRejected(NOT_AUTHORIZED);
    return { mode: 'AMAZON_COGNITO_USER_POOLS', issuer: p.config.issuer, claims };
  }

  async function verifyOidcToken(token: string, p: NonNullable<typeof oidc>, now: Date): Promise<VerifiedToken> {
    const claims = await verifySignature(token, p.config.issuer, p.keys, now);
    if (p.clients) {
      const audiences = [...(Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : []), claims.azp, claims.client_id].filter((a): a is string => typeof a === 'string');
      if (!audiences.some((a) => p.clients!.test(a))) throw new TokenRejected(NOT_AUTHORIZED);
    }
    const ageMs = (claim: unknown) => (typeof claim === 'number' ? now.getTime() - claim * 1000 : Number.POSITIVE_INFINITY);
    if (p.config.iatTTL && ageMs(claims.iat) > p.config.iatTTL + CLOCK_TOLERANCE_SECONDS * 1000) throw new TokenRejected('Token has expired.');
    if (p.config.authTTL && ageMs(claims.auth_time) > p.config.authTTL + CLOCK_TOLERANCE_SECONDS * 1000) throw new TokenRejected('Token has expired.');
    return { mode: 'OPENID_CONNECT', issuer: p.config.issuer, claims };
  }

  /** The modes among `enabled` that this verifier can check tokens for. */
  const handles = (mode: TokenMode) => (mode === 'AMAZON_COGNITO_USER_POOLS' ? Boolean(pool) : Boolean(oidc));

  // A client sends the same token with every request until it refreshes it. Checking an RS256
  // signature costs far more than the rest of a small request, and its outcome depends only on the
  // token's bytes: remember tokens that passed, and on a hit redo only the checks that depend on
  // the time (expiry, and OIDC's iatTTL/authTTL), which `validUntil` folds into one instant.
  const verified = new Map<string, { result: VerifiedToken; validUntil: number }>();

  async function verify(token: string, enabled: (mode: TokenMode) => boolean, now = new Date()): Promise<VerifiedToken> {
    const hit = verified.get(token);
    if (hit && enabled(hit.result.mode)) {
      if (now.getTime() < hit.validUntil) return hit.result;
      verified.delete(token);
    }
    const result = await verifyUncached(token, enabled, now);
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, { result, validUntil: validUntil(result) });
    return result;
  }

  function validUntil({ mode, claims }: VerifiedToken): number {
    const tolerance = CLOCK_TOLERANCE_SECONDS * 1000;
    const limits = [Number(claims.exp) * 1000 + tolerance];
    if (mode === 'OPENID_CONNECT' && oidc) {
      if (oidc.config.iatTTL) limits.push(Number(claims.iat) * 1000 + oidc.config.iatTTL + tolerance);
      if (oidc.config.authTTL) limits.push(Number(claims.auth_time) * 1000 + oidc.config.authTTL + tolerance);
    }
    return Math.min(...limits.map((l) => (Number.isFinite(l) ? l : 0)));
  }

  async function verifyUncached(token: string, enabled: (mode: TokenMode) => boolean, now: Date): Promise<VerifiedToken> {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new TokenRejected('Unable to parse JWT token.');
    }
    if (pool && enabled('AMAZON_COGNITO_USER_POOLS') && issuer === pool.config.issuer) return verifyUserPoolToken(token, pool, now);
    if (oidc && enabled('OPENID_CONNECT') && issuer === oidc.config.issuer) return verifyOidcToken(token, oidc, now);
    throw new TokenRejected(NOT_AUTHORIZED);
  }

  return { verify, handles };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
