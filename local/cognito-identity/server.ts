/**
 * Cognito Identity's JSON 1.1 protocol over HTTP: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityService.<Operation>`, the service's error shape, and CORS so a web page's
 * Amplify can call it. Also publishes the key GetOpenIdToken signs with, at
 * `/.well-known/jwks_uri` and `/.well-known/openid-configuration`, as cognito-identity.amazonaws.com does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { jsonResponder, readBody } from '../aws-json/http.js';
import { IdentityError } from './errors.js';
import type { Operations } from './operations.js';

const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const MAX_BODY = 64 * 1024;

const { send, sendError, preflight } = jsonResponder('content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request');

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, MAX_BODY, () => new IdentityError('RequestEntityTooLargeException', 'Request body is too large', 413));
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new IdentityError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new IdentityError('SerializationException', 'Request body must be a JSON object');
  return input as Record<string, unknown>;
}

export function identityRequestHandler(o: { operations: Operations; issuer: string; jwks: { keys: JWK[] } }) {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return preflight(req, res);
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/.well-known/jwks_uri') return send(req, res, 200, o.jwks, { 'cache-control': 'public, max-age=300' }, 'application/json');
      if (path === '/.well-known/openid-configuration') {
        return send(req, res, 200, { issuer: o.issuer, jwks_uri: `${o.issuer}/.well-known/jwks_uri`, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'], response_types_supported: ['id_token'], claims_supported: ['sub', 'aud', 'amr'] }, {}, 'application/json');
      }
      return send(req, res, 404, { message: 'Not Found' }, {}, 'application/json');
    }
    if (req.method !== 'POST' || path !== '/') throw new IdentityError('UnknownOperationException', 'Use POST / with an X-Amz-Target header', 404);
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation = Object.hasOwn(o.operations, name) ? o.operations[name] : undefined;
    if (!operation) throw new IdentityError('UnknownOperationException', name ? `The local identity pool does not implement ${name}` : 'Missing or unknown X-Amz-Target');
    send(req, res, 200, await operation(await readJson(req)));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      const known = error instanceof IdentityError ? error : undefined;
      // Never echo the request (it holds login tokens) or a stack trace.
      if (!known) console.error(JSON.stringify({ level: 'ERROR', message: 'local identity pool failed', error: (error as Error).message }));
      const e = known ?? new IdentityError('InternalErrorException', 'Internal error', 500);
      sendError(req, res, e);
    });
  };
}
