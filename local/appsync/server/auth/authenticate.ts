/**
 * Who is calling, and by which mode: API key, SigV4 (IAM), a user-pool or OIDC token in
 * `Authorization`, or (AWS_LAMBDA) any other `Authorization` value, which the authorizer decides. Used for HTTP requests and, with the headers the client puts in the
 * handshake and each `start`, for the websocket.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashPayload, verifySigV4 } from '../../../sigv4/verify.js';
import type { IamAuthority } from '../../../iam/index.js';
import type { Identity } from '../../runtime/types.js';
import type { AuthMode } from '../schema.js';
import { decodeJwt } from 'jose';
import { createLambdaAuthorizer, LambdaRefused, type LambdaAuthConfig, type LambdaAuthorizer } from './lambda.js';
import { createTokenVerifier, TokenRejected, type OidcAuthConfig, type TokenVerifier, type UserPoolAuthConfig } from './tokens.js';

export type { KeySource, OidcAuthConfig, UserPoolAuthConfig } from './tokens.js';
export type { LambdaAuthConfig, LambdaAuthorizerEvent, LambdaAuthorizerResult } from './lambda.js';

export interface AuthConfig {
  defaultMode: AuthMode;
  additionalModes: AuthMode[];
  apiKeys: Array<{ key: string; expiresAt: Date }>;
  iam: {
    region: string;
    accountId: string;
    credentials: ReadonlyArray<{ accessKeyId: string; secretAccessKey: string }>;
    /** Who holds each key and what it may do: appsync:GraphQL on each top-level field's ARN. Absent: every verified key may call every field. */
    authority?: Pick<IamAuthority, 'authorize' | 'principalOf'>;
    /** The API's id, in the field ARNs (arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<Type>/fields/<field>). */
    apiId?: string;
  };
  /** Required when AMAZON_COGNITO_USER_POOLS is one of the modes. */
  userPool?: UserPoolAuthConfig;
  /** Required when OPENID_CONNECT is one of the modes. */
  oidc?: OidcAuthConfig;
  /** Required when AWS_LAMBDA is one of the modes. */
  lambda?: LambdaAuthConfig;
}

export type Caller = {
  mode: AuthMode;
  identity: Identity;
  /** IAM callers: AppSync's appsync:GraphQL check on a top-level field; a denial's message, or undefined when allowed. */
  deniedField?: (typeName: string, fieldName: string) => string | undefined;
  /** AWS_LAMBDA callers: the authorizer's deniedFields ("Type.field", any type), which resolve to null. */
  deniedFields?: ReadonlySet<string>;
};

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AuthRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  sourceIp: string;
}

const enabled = (c: AuthConfig, mode: AuthMode) => c.defaultMode === mode || (c.additionalModes as AuthMode[]).includes(mode);
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// One verifier per configuration, so each issuer's JWKS is fetched once and cached.
const verifiers = new WeakMap<AuthConfig, TokenVerifier>();
function verifierFor(config: AuthConfig): TokenVerifier {
  let verifier = verifiers.get(config);
  if (!verifier) {
    for (const [mode, section] of [['AMAZON_COGNITO_USER_POOLS', config.userPool], ['OPENID_CONNECT', config.oidc]] as const) {
      if (enabled(config, mode) && !section) throw new Error(`${mode} is enabled but has no configuration`);
    }
    verifiers.set(config, (verifier = createTokenVerifier({ userPool: config.userPool, oidc: config.oidc })));
  }
  return verifier;
}

const authorizers = new WeakMap<AuthConfig, LambdaAuthorizer>();
function authorizerFor(config: AuthConfig): LambdaAuthorizer {
  let authorizer = authorizers.get(config);
  if (!authorizer) {
    if (!config.lambda) throw new Error('AWS_LAMBDA is enabled but has no configuration');
    authorizers.set(config, (authorizer = createLambdaAuthorizer(config.lambda, { apiId: config.iam.apiId ?? 'local', accountId: config.iam.accountId, region: config.iam.region })));
  }
  return authorizer;
}

/** Whether a value is a JWT of an issuer a token mode of this API trusts: those go to the token modes, anything else to the Lambda. */
function isTrustedJwt(token: string, config: AuthConfig): boolean {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return false;
  }
  return (enabled(config, 'AMAZON_COGNITO_USER_POOLS') && issuer === config.userPool?.issuer) || (enabled(config, 'OPENID_CONNECT') && issuer === config.oidc?.issuer);
}

export async function authenticate(req: AuthRequest, config: AuthConfig, now = new Date()): Promise<Caller> {
  const authorization = first(req.headers.authorization);
  const apiKey = first(req.headers['x-api-key']);

  if (authorization?.startsWith('AWS4-HMAC-SHA256') && enabled(config, 'AWS_IAM')) {
    const result = verifySigV4(
      { method: req.method, path: req.path, query: new URLSearchParams(), headers: req.headers, payloadHash: hashPayload(req.body) },
      { credentials: config.iam.credentials, service: 'appsync', now },
    );
    if (!result.ok) {
      const type = result.code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : result.code === 'MissingAuthentication' ? 'UnauthorizedException' : 'InvalidSignatureException';
      const message = result.code === 'InvalidAccessKeyId' ? 'The security token included in the request is invalid.' : result.message;
      throw new AuthError(403, type, message);
    }
    const { authority, apiId = 'local', region, accountId } = config.iam;
    const principal = authority?.principalOf(result.accessKeyId);
    // An identity pool's credentials: AppSync names the identity, its kind and its login.
    const cognito = principal?.cognitoIdentity;
    return {
      mode: 'AWS_IAM',
      deniedField: authority && ((typeName, fieldName) => authority.authorize(result.accessKeyId, 'appsync:GraphQL', `arn:aws:appsync:${region}:${accountId}:apis/${apiId}/types/${typeName}/fields/${fieldName}`)?.message),
      identity: {
        accountId: config.iam.accountId,
        cognitoIdentityPoolId: cognito?.identityPoolId ?? null,
        cognitoIdentityId: cognito?.identityId ?? null,
        cognitoIdentityAuthType: cognito?.authType ?? null,
        cognitoIdentityAuthProvider: cognito?.authProvider ?? null,
        sourceIp: [req.sourceIp],
        username: result.accessKeyId,
        userArn: principal?.arn ?? `arn:aws:iam::${config.iam.accountId}:user/${result.accessKeyId}`,
      },
    };
  }

  if (apiKey !== undefined && enabled(config, 'API_KEY')) {
    const match = config.apiKeys.find((k) => k.key.length === apiKey.length && timingSafeEqual(Buffer.from(k.key), Buffer.from(apiKey)));
    if (!match) throw new AuthError(401, 'UnauthorizedException', 'You are not authorized to make this call.');
    if (match.expiresAt.getTime() <= now.getTime()) throw new AuthError(401, 'UnauthorizedException', 'API key has expired.');
    return { mode: 'API_KEY', identity: null };
  }

  if (authorization && enabled(config, 'AWS_LAMBDA') && !isTrustedJwt(authorization, config)) {
    return lambdaCaller(authorization, req, config, now);
  }

  if (authorization && (enabled(config, 'AMAZON_COGNITO_USER_POOLS') || enabled(config, 'OPENID_CONNECT'))) {
    return tokenCaller(authorization, req.sourceIp, config, now);
  }

  throw new AuthError(401, 'UnauthorizedException', 'Valid authorization header not provided.');
}

/** A caller holding a user-pool or OIDC token: the raw JWT, as Amplify sends it (no `Bearer`). */
async function tokenCaller(token: string, sourceIp: string, config: AuthConfig, now: Date): Promise<Caller> {
  let verified;
  try {
    verified = await verifierFor(config).verify(token, (mode) => enabled(config, mode), now);
  } catch (error) {
    if (error instanceof TokenRejected) throw new AuthError(401, 'UnauthorizedException', error.message);
    throw error;
  }
  const { claims, issuer } = verified;
  const sub = String(claims.sub);
  if (verified.mode === 'OPENID_CONNECT') return { mode: 'OPENID_CONNECT', identity: { sub, issuer, claims } };
  const groups = claims['cognito:groups'];
  return {
    mode: 'AMAZON_COGNITO_USER_POOLS',
    identity: {
      sub,
      issuer,
      // Id tokens name the user in cognito:username, access tokens in username.
      username: String(claims['cognito:username'] ?? claims.username ?? sub),
      claims,
      sourceIp: [sourceIp],
      defaultAuthStrategy: config.defaultMode === 'AMAZON_COGNITO_USER_POOLS' ? (config.userPool?.defaultAction ?? 'ALLOW') : 'ALLOW',
      groups: Array.isArray(groups) ? groups.map(String) : null,
    },
  };
}

/** The operation the authorizer is told about, from the request body (HTTP) or a start's data. */
function operationOf(body: string): { queryString: string; operationName: string | null; variables: Record<string, unknown> } {
  try {
    const parsed = JSON.parse(body) as { query?: unknown; operationName?: unknown; variables?: unknown };
    return {
      queryString: typeof parsed?.query === 'string' ? parsed.query : '',
      operationName: typeof parsed?.operationName === 'string' ? parsed.operationName : null,
      variables: parsed?.variables && typeof parsed.variables === 'object' && !Array.isArray(parsed.variables) ? (parsed.variables as Record<string, unknown>) : {},
    };
  } catch {
    return { queryString: '', operationName: null, variables: {} };
  }
}

/** A caller the Lambda authorizer allowed; its refusals, errors and timeouts are all AppSync's 401. */
async function lambdaCaller(token: string, req: AuthRequest, config: AuthConfig, now: Date): Promise<Caller> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  try {
    const grant = await authorizerFor(config).authorize(token, { ...operationOf(req.body), headers }, now.getTime());
    return { mode: 'AWS_LAMBDA', identity: { resolverContext: grant.resolverContext }, deniedFields: grant.deniedFields.size ? grant.deniedFields : undefined };
  } catch (error) {
    if (!(error instanceof LambdaRefused)) throw error;
    // The operator sees why (a denial, a throw, a timeout); the caller only that it was refused.
    console.error(JSON.stringify({ level: 'INFO', message: 'lambda authorizer refused a request', reason: error.message }));
    throw new AuthError(401, 'UnauthorizedException', 'You are not authorized to make this call.');
  }
}
