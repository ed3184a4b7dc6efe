/**
 * Who is calling, and by which mode: API key or SigV4 (IAM). Used for HTTP requests and,
 * with the headers the client puts in the handshake and each `start`, for the websocket.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashPayload, verifySigV4 } from '../../../sigv4/verify.js';
import type { IamIdentity } from '../../runtime/types.js';
import type { AuthMode } from '../schema.js';

export interface AuthConfig {
  defaultMode: 'API_KEY' | 'AWS_IAM';
  additionalModes: Array<'API_KEY' | 'AWS_IAM'>;
  apiKeys: Array<{ key: string; expiresAt: Date }>;
  iam: { region: string; accountId: string; credentials: Array<{ accessKeyId: string; secretAccessKey: string }> };
}

export type Caller = { mode: AuthMode; identity: IamIdentity | null };

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

export function authenticate(req: AuthRequest, config: AuthConfig, now = new Date()): Caller {
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
    return {
      mode: 'AWS_IAM',
      identity: {
        accountId: config.iam.accountId,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
        sourceIp: [req.sourceIp],
        username: result.accessKeyId,
        userArn: `arn:aws:iam::${config.iam.accountId}:user/${result.accessKeyId}`,
      },
    };
  }

  if (apiKey !== undefined && enabled(config, 'API_KEY')) {
    const match = config.apiKeys.find((k) => k.key.length === apiKey.length && timingSafeEqual(Buffer.from(k.key), Buffer.from(apiKey)));
    if (!match) throw new AuthError(401, 'UnauthorizedException', 'You are not authorized to make this call.');
    if (match.expiresAt.getTime() <= now.getTime()) throw new AuthError(401, 'UnauthorizedException', 'API key has expired.');
    return { mode: 'API_KEY', identity: null };
  }

  throw new AuthError(401, 'UnauthorizedException', 'Valid authorization header not provided.');
}
