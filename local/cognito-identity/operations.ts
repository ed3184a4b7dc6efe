/**
 * The identity pool's public operations, as Amplify's credentials provider calls them: GetId
 * (the identity of a login, or a new guest identity), GetCredentialsForIdentity and
 * GetOpenIdToken. None is signed: a login token, or guest access, is what authorizes them.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from '../cognito/signing-key.js';
import { guestsRefused, IdentityError, invalidParameter, loginsMismatch } from './errors.js';
import type { IdentityStore } from './identity-store.js';
import type { VerifiedLogin } from './logins.js';
import type { SessionIssuer } from './sessions.js';

export type Input = Record<string, unknown>;
export type Operations = Record<string, (input: Input) => Promise<object>>;

export interface OperationsContext {
  store: IdentityStore;
  verifyLogins(logins: Record<string, string>): Promise<VerifiedLogin[]>;
  sessions: SessionIssuer;
  allowGuests: boolean;
  /** GetOpenIdToken's signer: the pool's key and the issuer its JWKS is published under. */
  openId: { key: SigningKey; issuer: string; lifetimeSeconds: number };
  now: () => number;
}

function requiredString(input: Input, name: string, pattern?: RegExp): string {
  const value = input[name];
  const field = name.charAt(0).toLowerCase() + name.slice(1);
  if (typeof value !== 'string' || value === '') throw invalidParameter(field);
  if (value.length > 128 || (pattern && !pattern.test(value))) throw invalidParameter(field, `Member must satisfy regular expression pattern: ${pattern?.source ?? '.{1,128}'}`);
  return value;
}

function loginsOf(input: Input): Record<string, string> {
  const value = input.Logins;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string' || v === '')) {
    throw new IdentityError('InvalidParameterException', 'Logins must be a map of provider names to tokens');
  }
  return value as Record<string, string>;
}

const ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;

export function identityOperations(c: OperationsContext): Operations {
  function assertPool(input: Input): void {
    const id = requiredString(input, 'IdentityPoolId', ID_PATTERN);
    if (id !== c.store.identityPoolId) throw new IdentityError('ResourceNotFoundException', `IdentityPool '${id}' not found.`);
  }

  /** The identity and whether it is authenticated, after its logins (or guest access) are checked. */
  async function authorizeIdentity(input: Input): Promise<{ identityId: string; authenticated: boolean; logins: VerifiedLogin[] }> {
    const identityId = requiredString(input, 'IdentityId', ID_PATTERN);
    const logins = await c.verifyLogins(loginsOf(input));
    if (!c.store.has(identityId)) throw new IdentityError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    const linked = c.store.loginsOf(identityId);
    if (logins.length === 0) {
      if (!c.allowGuests) throw guestsRefused();
      // A signed-in user's identity never answers without one of its logins.
      if (linked.length > 0) throw loginsMismatch();
      return { identityId, authenticated: false, logins };
    }
    if (!logins.some((l) => linked.includes(l.key))) throw loginsMismatch();
    return { identityId, authenticated: true, logins };
  }

  return {
    async GetId(input) {
      assertPool(input);
      const logins = await c.verifyLogins(loginsOf(input));
      if (logins.length === 0 && !c.allowGuests) throw guestsRefused();
      return { IdentityId: await c.store.identityFor(logins[0]?.key) };
    },

    async GetCredentialsForIdentity(input) {
      const { identityId, authenticated } = await authorizeIdentity(input);
      if (!c.sessions.hasRole(authenticated)) {
        // Cognito's answer when the role attachment has no role for this kind of identity.
        throw new IdentityError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      }
      if (input.CustomRoleArn !== undefined) throw new IdentityError('InvalidParameterException', 'CustomRoleArn needs role-based access control, which this identity pool does not configure.');
      const session = c.sessions.issue(identityId, authenticated);
      await c.store.addSession(session);
      return {
        IdentityId: identityId,
        Credentials: { AccessKeyId: session.accessKeyId, SecretKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiresAt / 1000 },
      };
    },

    async GetOpenIdToken(input) {
      const { identityId, authenticated, logins } = await authorizeIdentity(input);
      const iat = Math.floor(c.now() / 1000);
      const amr = authenticated ? ['authenticated', ...logins.flatMap((l) => [l.providerName, `${l.providerName}:CognitoSignIn:${l.sub}`])] : ['unauthenticated'];
      const token = await new SignJWT({ amr })
        .setProtectedHeader({ kid: c.openId.key.kid, alg: 'RS256', typ: 'JWS' })
        .setIssuer(c.openId.issuer)
        .setSubject(identityId)
        .setAudience(c.store.identityPoolId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + c.openId.lifetimeSeconds)
        .setJti(randomUUID())
        .sign(c.openId.key.privateKey);
      return { IdentityId: identityId, Token: token };
    },
  };
}
