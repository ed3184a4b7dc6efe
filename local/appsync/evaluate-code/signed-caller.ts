/**
 * Who may call the control plane: a SigV4-signed request (service `appsync`) by a key the local
 * IAM knows, allowed `appsync:EvaluateCode`. Refusals use the control plane's error codes, which
 * differ from the GraphQL endpoint's (there is no API key or token mode here).
 */
import type { IncomingMessage } from 'node:http';
import { hashPayload, verifySigV4 } from '../../sigv4/verify.js';
import type { AuthConfig } from '../server/auth/authenticate.js';

export interface Refusal {
  status: number;
  errorType: string;
  message: string;
}

const SIGNATURE_ERRORS: Record<string, string> = {
  MissingAuthentication: 'MissingAuthenticationTokenException',
  InvalidAccessKeyId: 'UnrecognizedClientException',
  IncompleteSignature: 'IncompleteSignatureException',
};

/** The refusal for this request, or undefined when the signer may perform `action`. */
export function refusalOf(req: IncomingMessage, path: string, body: string, iam: AuthConfig['iam'], action: string): Refusal | undefined {
  const result = verifySigV4(
    { method: req.method ?? 'POST', path, query: new URLSearchParams(), headers: req.headers, payloadHash: hashPayload(body) },
    { credentials: iam.credentials, service: 'appsync' },
  );
  if (!result.ok) {
    const errorType = SIGNATURE_ERRORS[result.code] ?? 'InvalidSignatureException';
    const message = result.code === 'MissingAuthentication' ? 'Missing Authentication Token' : result.code === 'InvalidAccessKeyId' ? 'The security token included in the request is invalid.' : result.message;
    return { status: 403, errorType, message };
  }
  // EvaluateCode names no resource type in IAM: policies grant it on "*".
  const denied = iam.authority?.authorize(result.accessKeyId, action, '*');
  return denied ? { status: 403, errorType: 'AccessDeniedException', message: denied.message } : undefined;
}
