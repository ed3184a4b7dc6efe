/**
 * SigV4 on AWS's JSON-protocol services (DynamoDB, Cognito, Rekognition, Secrets Manager and
 * AppSync's control plane): a request's whole body is signed, and a failed check is answered with
 * the error types the SDKs turn into an error's name. Each stand-in writes the refusal in its own
 * envelope (status, `__type` prefix); the type and the wording are declared here once.
 */
import type { IncomingMessage } from 'node:http';
import { hashPayload, verifySigV4, type Credentials, type VerifyResult } from './verify.js';

export type SignatureFailure = Extract<VerifyResult, { ok: false }>;

export type SignatureErrorType = 'MissingAuthenticationTokenException' | 'UnrecognizedClientException' | 'IncompleteSignatureException' | 'InvalidSignatureException';

export interface SignatureRefusal {
  type: SignatureErrorType;
  message: string;
}

// Only these codes have a type of their own; every other failure is a signature that does not verify.
const TYPES: Partial<Record<SignatureFailure['code'], SignatureErrorType>> = {
  MissingAuthentication: 'MissingAuthenticationTokenException',
  InvalidAccessKeyId: 'UnrecognizedClientException',
  IncompleteSignature: 'IncompleteSignatureException',
};

// AWS's wording; an unknown key is described, never named back to the caller.
const MESSAGES: Partial<Record<SignatureFailure['code'], string>> = {
  MissingAuthentication: 'Missing Authentication Token',
  InvalidAccessKeyId: 'The security token included in the request is invalid.',
};

export function signatureRefusal(failure: SignatureFailure): SignatureRefusal {
  return { type: TYPES[failure.code] ?? 'InvalidSignatureException', message: MESSAGES[failure.code] ?? failure.message };
}

/** Verifies a JSON-protocol request whose body has been read: the signer's key, or the refusal to answer. */
export function verifyJsonRequest(
  req: IncomingMessage,
  body: Buffer | string,
  o: { credentials: readonly Credentials[]; service: string },
): { accessKeyId: string; refusal?: undefined } | { refusal: SignatureRefusal } {
  const url = new URL(req.url ?? '/', 'http://local');
  const result = verifySigV4(
    { method: req.method ?? 'POST', path: url.pathname, query: url.searchParams, headers: req.headers, payloadHash: hashPayload(body) },
    { credentials: o.credentials, service: o.service },
  );
  return result.ok ? { accessKeyId: result.accessKeyId } : { refusal: signatureRefusal(result) };
}
