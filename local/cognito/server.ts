/**
 * Cognito's JSON 1.1 protocol over HTTP: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>`, one handler per operation, Cognito's error
 * shape, and CORS so the web page can call it from the browser. Admin operations must carry a
 * valid SigV4 signature (service `cognito-idp`). Also serves the issuer's JWKS and
 * openid-configuration under `/<userPoolId>/.well-known/`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { jsonResponder, readBody } from '../aws-json/http.js';
import type { IamAuthority } from '../iam/index.js';
import { verifyJsonRequest } from '../sigv4/json-request.js';
import type { Credentials } from '../sigv4/verify.js';
import { CognitoError } from './errors.js';
import type { Operations } from './operations/operation.js';
import type { Pool } from './pool.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY = 256 * 1024;

export interface CognitoServerOptions {
  pool: Pool;
  operations: Operations;
  adminCredentials: readonly Credentials[];
  accountId?: string;
  /** The admin operations' IAM check (cognito-idp:<Operation> on the pool's ARN); absent: all allowed. */
  authorize?: IamAuthority['authorize'];
  wellKnown: { issuer: string; jwksUri: string; jwks: { keys: JWK[] } };
}

// Whatever headers the Amplify client (and any custom Auth headers) want to send.
const { send, sendError, preflight } = jsonResponder('content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request');


/** The verified caller's access key id. */
function assertSigned(req: IncomingMessage, body: Buffer, credentials: readonly Credentials[]): string {
  const auth = verifyJsonRequest(req, body, { credentials, service: 'cognito-idp' });
  if (auth.refusal) throw new CognitoError(auth.refusal.type, auth.refusal.message);
  return auth.accessKeyId;
}

export function cognitoRequestHandler(o: CognitoServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const wellKnownPrefix = `/${o.pool.config.userPoolId}/.well-known/`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return preflight(req, res);
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const known = o.wellKnown;
      if (path === `${wellKnownPrefix}jwks.json`) return send(req, res, 200, known.jwks, { 'cache-control': 'public, max-age=300' }, 'application/json');
      if (path === `${wellKnownPrefix}openid-configuration`) {
        return send(req, res, 200, { issuer: known.issuer, jwks_uri: known.jwksUri, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'], response_types_supported: ['code', 'token'], scopes_supported: ['openid', 'email', 'aws.cognito.signin.user.admin'], claims_supported: ['sub', 'email', 'email_verified', 'cognito:username', 'cognito:groups'] }, {}, 'application/json');
      }
      return send(req, res, 404, { message: 'Not Found' }, {}, 'application/json');
    }
    if (req.method !== 'POST' || path !== '/') throw new CognitoError('UnknownOperationException', 'Use POST / with an X-Amz-Target header', 404);
    const body = await readBody(req, MAX_BODY, () => new CognitoError('RequestEntityTooLargeException', 'Request body is too large', 413));
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation = Object.hasOwn(o.operations, name) ? o.operations[name] : undefined;
    if (!operation) throw new CognitoError('UnknownOperationException', name ? `The local user pool does not implement ${name}` : 'Missing or unknown X-Amz-Target');
    if (operation.signed) {
      const caller = assertSigned(req, body, o.adminCredentials);
      const { region, userPoolId } = o.pool.config;
      const denied = o.authorize?.(caller, `cognito-idp:${name}`, `arn:aws:cognito-idp:${region}:${o.accountId ?? '000000000000'}:userpool/${userPoolId}`);
      if (denied) throw new CognitoError('AccessDeniedException', denied.message, 400);
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      throw new CognitoError('SerializationException', 'Request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CognitoError('SerializationException', 'Request body must be a JSON object');
    send(req, res, 200, await operation.handle(input as Record<string, unknown>, o.pool));
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof CognitoError) return sendError(req, res, error);
      // Never echo the request (it may hold a password) or a stack trace.
      console.error(JSON.stringify({ level: 'ERROR', message: 'local user pool failed', error: (error as Error).message }));
      sendError(req, res, new CognitoError('InternalErrorException', 'Internal error', 500));
    });
  };
}
