/**
 * The offline Cognito user pool: one pool, one public app client, speaking Cognito's JSON
 * protocol so the unmodified Amplify Auth client and the AWS SDK work against it. Everything
 * it must remember (pool and client ids, signing key, users, refresh tokens) lives under
 * `dataDir`, so users, sessions and tokens survive a restart.
 */
import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { IamAuthority } from '../iam/index.js';
import type { Credentials } from '../sigv4/verify.js';
import { closeServer, listen } from '../listen.js';
import { JsonFile } from './json-file.js';
import { COGNITO_DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.js';
import { accountOperations } from './operations/account.js';
import { adminOperations } from './operations/admin.js';
import type { Operations } from './operations/operation.js';
import { passwordResetOperations } from './operations/password-reset.js';
import { sessionOperations } from './operations/session.js';
import { signInOperations } from './operations/sign-in.js';
import { signUpOperations } from './operations/sign-up.js';
import { Pool } from './pool.js';
import { cognitoRequestHandler } from './server.js';
import { SessionStore } from './session-store.js';
import { SignInThrottle, type ThrottleOptions } from './sign-in-throttle.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { DEFAULT_TOKEN_LIFETIMES, TokenIssuer, type TokenLifetimes } from './tokens.js';
import { UserStore } from './user-store.js';
import type { IssuedCode } from './verification-codes.js';

export { COGNITO_DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.js';
export type { IssuedCode } from './verification-codes.js';
export type { TokenLifetimes } from './tokens.js';

export interface LocalCognitoOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Host name in the endpoint and issuer handed to clients. */
  publicHost?: string;
  region: string;
  /** Who may make the SigV4-signed admin calls. */
  adminCredentials: readonly Credentials[];
  authorize?: IamAuthority['authorize'];
  accountId?: string;
  /** The template's PasswordPolicy (default: Cognito's own default). */
  passwordPolicy?: PasswordPolicy;
  /** Called with every verification code, the only place a code appears (npm start prints it). */
  onCode?(event: IssuedCode): void;
  tokenLifetimes?: Partial<TokenLifetimes>;
  /** ms; defaults: sign-up codes 24 h, password-reset codes 1 h, as Cognito. */
  codeLifetimes?: Partial<Record<IssuedCode['purpose'], number>>;
  throttle?: ThrottleOptions;
  /** The pool's clock, ms since the epoch (tests move it to pass lockouts and expiries). */
  now?: () => number;
}

export interface LocalCognito {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
  /** The JWKS the pool serves at jwksUri, for a verifier that takes keys rather than a URL. */
  jwks: { keys: JWK[] };
  region: string;
  passwordPolicy: PasswordPolicy;
  /** Codes issued since start, newest last (for tests; npm start prints them). */
  codes: {
    all(): IssuedCode[];
    latest(username: string, purpose?: IssuedCode['purpose']): string | undefined;
  };
  close(): Promise<void>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomId = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

export async function startLocalCognito(o: LocalCognitoOptions): Promise<LocalCognito> {
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  // Read at each call, not captured: a test's fake clock (vi.setSystemTime) then reaches this
  // stand-in as it reaches S3's expiry checks and the client, and every side agrees on the time.
  const now = o.now ?? (() => Date.now());
  const identity = await JsonFile.open(join(o.dataDir, 'pool.json'), () => ({
    userPoolId: `${o.region}_${randomId(ALNUM, 9)}`,
    clientId: randomId('abcdefghijklmnopqrstuvwxyz0123456789', 26),
  }));
  const { userPoolId, clientId } = identity.data;
  const key = await loadOrCreateSigningKey(join(o.dataDir, 'signing-key.json'));
  const users = await UserStore.open(o.dataDir);
  const sessions = await SessionStore.open(o.dataDir, now);
  const lifetimes = { ...DEFAULT_TOKEN_LIFETIMES, ...o.tokenLifetimes };
  const issued: IssuedCode[] = [];

  const operations: Operations = { ...signUpOperations, ...signInOperations(), ...sessionOperations, ...accountOperations, ...passwordResetOperations, ...adminOperations };
  // The issuer names the port, known only once listening: requests wait for the handler.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const pending: Array<() => void> = [];
  const server = createServer((req, res) => (handler ? handler(req, res) : pending.push(() => handler!(req, res))));
  const url = new URL(await listen(server, { host: o.host, port: o.port }));
  if (o.publicHost) url.hostname = o.publicHost;
  const endpoint = url.toString().replace(/\/$/, '');
  const issuer = `${endpoint}/${userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const pool = new Pool(
    {
      userPoolId,
      clientId,
      region: o.region,
      lifetimes,
      passwordPolicy: o.passwordPolicy ?? COGNITO_DEFAULT_PASSWORD_POLICY,
      codeLifetimesMs: { SIGN_UP: o.codeLifetimes?.SIGN_UP ?? 24 * 3600_000, FORGOT_PASSWORD: o.codeLifetimes?.FORGOT_PASSWORD ?? 3600_000 },
      now,
    },
    users,
    sessions,
    new TokenIssuer({ key, issuer, clientId, lifetimes, now }),
    new SignInThrottle(o.throttle ?? {}, now),
    (code) => {
      issued.push(code);
      if (issued.length > 1000) issued.shift();
      o.onCode?.(code);
    },
  );
  const jwks = { keys: [key.publicJwk] };
  handler = cognitoRequestHandler({ pool, operations, adminCredentials: o.adminCredentials, authorize: o.authorize, accountId: o.accountId, wellKnown: { issuer, jwksUri, jwks } });
  for (const run of pending.splice(0)) run();

  return {
    endpoint,
    userPoolId,
    clientId,
    issuer,
    jwksUri,
    jwks: structuredClone(jwks),
    region: o.region,
    passwordPolicy: pool.config.passwordPolicy,
    codes: {
      all: () => [...issued],
      latest: (username, purpose) => issued.findLast((c) => c.username === username.trim().toLowerCase() && (!purpose || c.purpose === purpose))?.code,
    },
    close: async () => {
      await closeServer(server);
      await Promise.all([users.flush(), sessions.flush(), identity.flush()]);
    },
  };
}
