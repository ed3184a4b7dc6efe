/**
 * The offline Cognito identity pool: one pool whose logins are the local user pool's ID tokens,
 * exchanging them for temporary credentials of the template's authenticated role, which every
 * local stand-in then accepts and authorizes (through the IAM authority's `register`). Guests
 * get credentials only when the pool allows unauthenticated identities and has a role for them.
 * The pool id, identities, issued sessions and the OpenID signing key live under `dataDir`.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { KeyHolder } from '../iam/index.js';
import { closeServer, listen } from '../listen.js';
import { loadOrCreateSigningKey } from '../cognito/signing-key.js';
import { IdentityStore } from './identity-store.js';
import { loginVerifier, type LoginProvider } from './logins.js';
import { identityOperations } from './operations.js';
import { identityRequestHandler } from './server.js';
import { sessionIssuer, type PoolRole } from './sessions.js';

export type { LoginProvider } from './logins.js';
export type { PoolRole } from './sessions.js';

export interface LocalCognitoIdentityOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Host name in the endpoint handed to clients. */
  publicHost?: string;
  region: string;
  accountId: string;
  /** Whose ID tokens are logins (the local user pool). */
  providers: readonly LoginProvider[];
  /** The roles the template's role attachment names. */
  roles: { authenticated?: PoolRole; unauthenticated?: PoolRole };
  /** The template's AllowUnauthenticatedIdentities. */
  allowGuests: boolean;
  /** Hands each issued session to IAM, so the stand-ins accept it. */
  register(holder: KeyHolder): void;
  /** Seconds; default one hour, as Cognito's. */
  credentialsLifetimeSeconds?: number;
  now?: () => number;
}

export interface LocalCognitoIdentity {
  endpoint: string;
  identityPoolId: string;
  close(): Promise<void>;
}

/**
 * GetCredentialsForIdentity's lifetime on AWS: one hour. Not shorter locally: aws-amplify 6 asks
 * again only after its own 50 minutes (or when the ID token changes), never because
 * `Expiration` has passed, so shorter credentials would expire under a running client.
 */
export const CREDENTIALS_LIFETIME_SECONDS = 3600;

export async function startLocalCognitoIdentity(o: LocalCognitoIdentityOptions): Promise<LocalCognitoIdentity> {
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  // Read at each call, not captured: a test's fake clock (vi.setSystemTime) then reaches this
  // stand-in as it reaches S3's expiry checks and the client, and every side agrees on the time.
  const now = o.now ?? (() => Date.now());
  const store = await IdentityStore.open(o.dataDir, o.region, now);
  const key = await loadOrCreateSigningKey(join(o.dataDir, 'openid-signing-key.json'));
  const sessions = sessionIssuer({ identityPoolId: store.identityPoolId, accountId: o.accountId, roles: o.roles, lifetimeSeconds: o.credentialsLifetimeSeconds ?? CREDENTIALS_LIFETIME_SECONDS, register: o.register, loginsOf: (id) => store.loginsOf(id), now });
  // Credentials issued before a restart stay valid until they expire, as STS's would.
  for (const session of store.liveSessions()) sessions.activate(session);

  let handler: ReturnType<typeof identityRequestHandler> | undefined;
  const server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  const url = new URL(await listen(server, { host: o.host, port: o.port }));
  if (o.publicHost) url.hostname = o.publicHost;
  const endpoint = url.toString().replace(/\/$/, '');
  const operations = identityOperations({
    store,
    verifyLogins: loginVerifier(o.providers, now),
    sessions,
    allowGuests: o.allowGuests,
    // OpenID tokens last 10 minutes, as the service's; their issuer is this endpoint, whose JWKS verifies them.
    openId: { key, issuer: endpoint, lifetimeSeconds: 600 },
    now,
  });
  handler = identityRequestHandler({ operations, issuer: endpoint, jwks: { keys: [key.publicJwk] } });

  return {
    endpoint,
    identityPoolId: store.identityPoolId,
    close: async () => {
      await closeServer(server);
      await store.flush();
    },
  };
}
