/**
 * The engine's auth modes, as the deployed API has them (infra/constructs/api.ts): the API key by
 * default; IAM, the user pool and the access-token Lambda authorizer (api/access-tokens.ts) as
 * additional modes. Only how each is reached differs locally: keys in-process, the authorizer a
 * handler called in-process, as the engine's Lambda data sources are.
 */
import { lambdaAuthorizer } from '../api/access-tokens.js';
import { ADDITIONAL_AUTH_MODES, DEFAULT_AUTH_MODE } from '../api/auth-modes.js';
import type { AuthConfig } from './appsync/index.js';
import type { LambdaAuthorizerEvent } from './appsync/server/auth/authenticate.js';
import type { IamAuthority } from './iam/index.js';
import type { Credentials } from './sigv4/verify.js';

export interface EngineAuthOptions {
  apiKey: string;
  region: string;
  accountId: string;
  apiId: string;
  iam: { credentials: readonly Credentials[]; authority: IamAuthority };
  userPool: { issuer: string; jwks: import('jose').JSONWebKeySet; clientId: string };
  authorizer: (event: LambdaAuthorizerEvent) => Promise<unknown>;
}

export function engineAuth(o: EngineAuthOptions): AuthConfig {
  return {
    defaultMode: DEFAULT_AUTH_MODE,
    additionalModes: [...ADDITIONAL_AUTH_MODES],
    apiKeys: [{ key: o.apiKey, expiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000) }],
    iam: { region: o.region, accountId: o.accountId, credentials: o.iam.credentials, authority: o.iam.authority, apiId: o.apiId },
    // The in-process pool's keys, handed over directly (no loopback fetch of its JWKS; the
    // jwksUri path stays for OIDC), and tokens of this app client only, as AppSync checks.
    userPool: { issuer: o.userPool.issuer, keys: { jwks: o.userPool.jwks }, appIdClientRegex: escapeRegExp(o.userPool.clientId) },
    lambda: { handler: o.authorizer, resultTtlSeconds: lambdaAuthorizer.resultTtlSeconds, identityValidationExpression: lambdaAuthorizer.identityValidationExpression },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
