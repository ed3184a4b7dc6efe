/**
 * Cognito's JSON 1.1 protocol over HTTP: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>`, one handler per operation, Cognito's error
 * shape, and CORS so the web page can call it from the browser. Admin operations must carry a
 * valid SigV4 signature (service `cognito-idp`). Also serves the issuer's JWKS and
 * openid-configuration under `/<userPoolId>/.well-known/`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import { jsonServiceHandler } from '../aws-json/service.js';
import type { IamAuthority } from '../iam/index.js';
import { verifyJsonRequest } from '../sigv4/json-request.js';
import type { Credentials } from '../sigv4/verify.js';
import { CognitoError } from './errors.js';
import type { Operations } from './operations/operation.js';
import type { Pool } from './pool.js';

export interface CognitoServerOptions {
  pool: Pool;
  operations: Operations;
  adminCredentials: readonly Credentials[];
  accountId?: string;
  /** The admin operations' IAM check (cognito-idp:<Operation> on the pool's ARN); absent: all allowed. */
  authorize?: IamAuthority['authorize'];
  wellKnown: { issuer: string; jwksUri: string; jwks: { keys: JWK[] } };
}

/** The verified caller's access key id. */
function assertSigned(req: IncomingMessage, body: Buffer, credentials: readonly Credentials[]): string {
  const auth = verifyJsonRequest(req, body, { credentials, service: 'cognito-idp' });
  if (auth.refusal) throw new CognitoError(auth.refusal.type, auth.refusal.message);
  return auth.accessKeyId;
}

export function cognitoRequestHandler(o: CognitoServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { region, userPoolId } = o.pool.config;
  const poolArn = `arn:aws:cognito-idp:${region}:${o.accountId ?? '000000000000'}:userpool/${userPoolId}`;
  const known = o.wellKnown;
  return jsonServiceHandler({
    name: 'local user pool',
    targetPrefix: 'AWSCognitoIdentityProviderService.',
    maxBodyBytes: 256 * 1024,
    // Whatever headers the Amplify client (and any custom Auth headers) want to send.
    allowHeaders: 'content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request',
    documents: {
      [`/${userPoolId}/.well-known/jwks.json`]: { body: known.jwks, cacheSeconds: 300 },
      [`/${userPoolId}/.well-known/openid-configuration`]: {
        body: { issuer: known.issuer, jwks_uri: known.jwksUri, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'], response_types_supported: ['code', 'token'], scopes_supported: ['openid', 'email', 'aws.cognito.signin.user.admin'], claims_supported: ['sub', 'email', 'email_verified', 'cognito:username', 'cognito:groups'] },
      },
    },
    operation(name) {
      const operation = Object.hasOwn(o.operations, name) ? o.operations[name] : undefined;
      if (!operation) return undefined;
      return {
        // Admin operations: SigV4 with a known key, then IAM for cognito-idp:<Operation> on the pool.
        admit: operation.signed
          ? (req, body) => {
              const denied = o.authorize?.(assertSigned(req, body, o.adminCredentials), `cognito-idp:${name}`, poolArn);
              if (denied) throw new CognitoError('AccessDeniedException', denied.message, 400);
            }
          : undefined,
        handle: (input) => operation.handle(input, o.pool),
      };
    },
  });
}
