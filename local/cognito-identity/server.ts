/**
 * Cognito Identity's JSON 1.1 protocol over HTTP: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityService.<Operation>`, the service's error shape, and CORS so a web page's
 * Amplify can call it. Also publishes the key GetOpenIdToken signs with, at
 * `/.well-known/jwks_uri` and `/.well-known/openid-configuration`, as cognito-identity.amazonaws.com does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { jsonServiceHandler } from '../aws-json/service.js';
import type { Operations } from './operations.js';

export function identityRequestHandler(o: { operations: Operations; issuer: string; jwks: { keys: JWK[] } }): (req: IncomingMessage, res: ServerResponse) => void {
  return jsonServiceHandler({
    name: 'local identity pool',
    targetPrefix: 'AWSCognitoIdentityService.',
    maxBodyBytes: 64 * 1024,
    allowHeaders: 'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request',
    documents: {
      '/.well-known/jwks_uri': { body: o.jwks, cacheSeconds: 300 },
      '/.well-known/openid-configuration': {
        body: { issuer: o.issuer, jwks_uri: `${o.issuer}/.well-known/jwks_uri`, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'], response_types_supported: ['id_token'], claims_supported: ['sub', 'aud', 'amr'] },
      },
    },
    operation: (name) => {
      const operation = Object.hasOwn(o.operations, name) ? o.operations[name] : undefined;
      return operation && { handle: operation };
    },
  });
}
