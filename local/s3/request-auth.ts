/**
 * Who is calling, and may they: SigV4 first (headers or presigned query; a temporary key with its
 * session token), then IAM for the S3 action the request is. Refusals are S3's own errors.
 */
import type { IncomingMessage } from 'node:http';
import type { IamAuthority } from '../iam/index.js';
import { verifySigV4, type Credentials } from '../sigv4/verify.js';
import { S3Error } from './errors.js';

const UNSIGNED = 'UNSIGNED-PAYLOAD';

export function createRequestAuth(o: { credentials: readonly Credentials[]; authorize?: IamAuthority['authorize'] }) {
  return {
    /** The verified caller's key and the payload hash the body must match. */
    authenticate(req: IncomingMessage, url: URL): { accessKeyId: string; payloadHash: string } {
      const presigned = url.searchParams.has('X-Amz-Signature');
      const declared = String(req.headers['x-amz-content-sha256'] ?? '');
      if (!presigned && !req.headers.authorization) throw new S3Error(403, 'AccessDenied', 'Access Denied');
      if (!presigned && !declared) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
      const payloadHash = presigned ? UNSIGNED : declared;
      const result = verifySigV4(
        { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, payloadHash },
        { credentials: o.credentials, service: 's3', singleEncodePath: true, maxSkewMs: 15 * 60_000 },
      );
      if (result.ok) return { accessKeyId: result.accessKeyId, payloadHash };
      switch (result.code) {
        case 'InvalidAccessKeyId':
          throw new S3Error(403, 'InvalidAccessKeyId', result.message);
        case 'InvalidToken':
          throw new S3Error(400, 'InvalidToken', result.message);
        case 'ExpiredToken':
          throw new S3Error(400, 'ExpiredToken', result.message);
        case 'RequestExpired':
          throw new S3Error(403, 'AccessDenied', 'Request has expired');
        case 'RequestTimeTooSkewed':
          throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
        case 'MissingAuthentication':
          throw new S3Error(403, 'AccessDenied', 'Access Denied');
        case 'IncompleteSignature':
          throw new S3Error(400, 'AuthorizationQueryParametersError', result.message);
        default:
          throw new S3Error(403, 'SignatureDoesNotMatch', result.message);
      }
    },
    /**
     * IAM, after the signature: a presigned URL carries its signer's key, so it is the signer's
     * permission that is checked when the URL is used. Requests are evaluated as if they came over
     * TLS (the plain-HTTP side is for the developer's machine), so the template's
     * deny-insecure-transport statement is evaluated but never what refuses a local call.
     * `context`: the request's own condition keys (a listing's `s3:prefix`).
     */
    permit(accessKeyId: string, action: string, resource: string, context: Record<string, string | undefined> = {}): void {
      const denied = o.authorize?.(accessKeyId, action, resource, { 'aws:securetransport': 'true', ...context });
      if (denied) throw new S3Error(403, 'AccessDenied', denied.message);
    },
  };
}

export type RequestAuth = ReturnType<typeof createRequestAuth>;

/** The IAM action of an S3 request, as S3 names it for authorization (multipart included). */
export function actionOf(method: string, key: string, versionId: string | undefined, query: URLSearchParams): string {
  if (!key) {
    if (method === 'PUT') return 's3:CreateBucket';
    if (query.has('versions')) return 's3:ListBucketVersions';
    if (query.has('versioning')) return 's3:GetBucketVersioning';
    return 's3:ListBucket';
  }
  // CreateMultipartUpload, UploadPart and CompleteMultipartUpload are all s3:PutObject.
  if (query.has('uploadId')) {
    if (method === 'DELETE') return 's3:AbortMultipartUpload';
    if (method === 'GET') return 's3:ListMultipartUploadParts';
    return 's3:PutObject';
  }
  if (method === 'POST' && query.has('uploads')) return 's3:PutObject';
  const versioned = versionId !== undefined;
  if (method === 'PUT') return 's3:PutObject';
  if (method === 'DELETE') return versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
  return versioned ? 's3:GetObjectVersion' : 's3:GetObject';
}
