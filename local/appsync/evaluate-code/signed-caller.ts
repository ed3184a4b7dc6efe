/**
 * Who may call the control plane: a SigV4-signed request (service `appsync`) by a key the local
 * IAM knows, allowed `appsync:EvaluateCode`. The control plane is a JSON-protocol service, so a
 * failed signature is answered as the other JSON stand-ins answer it, with 403 as AppSync sends;
 * these codes differ from the GraphQL endpoint's (there is no API key or token mode here).
 */
import type { IncomingMessage } from 'node:http';
import { verifyJsonRequest } from '../../sigv4/json-request.js';
import type { AuthConfig } from '../server/auth/authenticate.js';

export interface Refusal {
  status: number;
  errorType: string;
  message: string;
}

/** The refusal for this request, or undefined when the signer may perform `action`. */
export function refusalOf(req: IncomingMessage, body: string, iam: AuthConfig['iam'], action: string): Refusal | undefined {
  const auth = verifyJsonRequest(req, body, { credentials: iam.credentials, service: 'appsync' });
  if (auth.refusal) return { status: 403, errorType: auth.refusal.type, message: auth.refusal.message };
  // EvaluateCode names no resource type in IAM: policies grant it on "*".
  const denied = iam.authority?.authorize(auth.accessKeyId, action, '*');
  return denied ? { status: 403, errorType: 'AccessDeniedException', message: denied.message } : undefined;
}
