/**
 * The credentials the pool hands out, as STS's AssumeRoleWithWebIdentity would: a temporary key
 * pair with a session token and an expiry, for the role the pool attaches to authenticated (or
 * guest) identities. Each is registered with the local IAM authority as a session of that role,
 * carrying the identity id as `cognito-identity.amazonaws.com:sub`, which the role's policy names
 * (`photos/${cognito-identity.amazonaws.com:sub}/*`).
 */
import { randomBytes } from 'node:crypto';
import type { KeyHolder, PolicyDocument } from '../iam/index.js';
import type { StoredSession } from './identity-store.js';

export interface PoolRole {
  roleName: string;
  policies: readonly PolicyDocument[];
}

export interface SessionIssuerOptions {
  identityPoolId: string;
  accountId: string;
  roles: { authenticated?: PoolRole; unauthenticated?: PoolRole };
  /** Seconds; Cognito's own: one hour. */
  lifetimeSeconds: number;
  register(holder: KeyHolder): void;
  /** The logins linked to an identity, as the store keeps them (`<provider name> <sub>`). */
  loginsOf(identityId: string): readonly string[];
  now: () => number;
}

/**
 * AppSync's cognitoIdentityAuthProvider for a user-pool login, as AWS writes it: the provider,
 * then the provider with the sign-in and the user's sub, each quoted, comma-separated.
 */
export function authProviderOf(logins: readonly string[]): string | null {
  const [login] = logins;
  if (!login) return null;
  const [providerName, sub] = login.split(' ');
  return `"${providerName}","${providerName}:CognitoSignIn:${sub}"`;
}

export function sessionIssuer(o: SessionIssuerOptions) {
  function holderOf(session: StoredSession): KeyHolder | undefined {
    const role = session.authenticated ? o.roles.authenticated : o.roles.unauthenticated;
    if (!role) return undefined;
    const { accessKeyId, secretAccessKey, sessionToken, expiresAt } = session;
    return {
      credentials: { accessKeyId, secretAccessKey, sessionToken, expiresAt },
      principal: {
        arn: `arn:aws:sts::${o.accountId}:assumed-role/${role.roleName}/CognitoIdentityCredentials`,
        role: `${role.roleName} (identity ${session.identityId})`,
        policies: role.policies,
        context: {
          'cognito-identity.amazonaws.com:sub': session.identityId,
          'cognito-identity.amazonaws.com:aud': o.identityPoolId,
          'cognito-identity.amazonaws.com:amr': session.authenticated ? 'authenticated' : 'unauthenticated',
        },
        cognitoIdentity: {
          identityPoolId: o.identityPoolId,
          identityId: session.identityId,
          authType: session.authenticated ? 'authenticated' : 'unauthenticated',
          authProvider: session.authenticated ? authProviderOf(o.loginsOf(session.identityId)) : null,
        },
      },
    };
  }

  return {
    /** Whether the pool has a role for this kind of identity. */
    hasRole: (authenticated: boolean) => !!(authenticated ? o.roles.authenticated : o.roles.unauthenticated),
    /** New credentials for one identity, registered with IAM. */
    issue(identityId: string, authenticated: boolean): StoredSession {
      const session: StoredSession = {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: randomBytes(96).toString('base64'),
        expiresAt: o.now() + o.lifetimeSeconds * 1000,
        identityId,
        authenticated,
      };
      this.activate(session);
      return session;
    },
    /** Registers a session with IAM (a new one, or one kept across a restart). */
    activate(session: StoredSession): void {
      const holder = holderOf(session);
      if (holder) o.register(holder);
    },
  };
}

export type SessionIssuer = ReturnType<typeof sessionIssuer>;
