/**
 * Everything labelImage can fail with, as classes a caller can tell apart (`instanceof` or
 * `error.code`) and messages a person can act on. A blob that ends FAILED is not thrown: it is
 * an answer, and labelImage resolves with it; `requireLabelled` turns it into BlobFailedError
 * for callers that want an exception.
 */
import type { Blob } from '../api/generated/graphql.js';

export type BlobsClientErrorCode =
  | 'NOT_AN_IMAGE'
  | 'UPLOAD_URL_EXPIRED'
  | 'UPLOAD_REJECTED'
  | 'CONNECTION_LOST'
  | 'REQUEST_REJECTED'
  | 'BLOB_FAILED'
  | 'TIMED_OUT'
  | 'ABORTED';

export abstract class BlobsClientError extends Error {
  abstract readonly code: BlobsClientErrorCode;
}

/** The bytes are not a JPEG or PNG (the only types the API labels), so nothing was uploaded. */
export class NotAnImageError extends BlobsClientError {
  readonly code = 'NOT_AN_IMAGE';
  constructor(detail = 'the file is not a JPEG or PNG image') {
    super(`Not an image: ${detail}`);
    this.name = 'NotAnImageError';
  }
}

/** S3 refused the presigned PUT because its 300 s validity had passed. Start over with a new blob. */
export class UploadUrlExpiredError extends BlobsClientError {
  readonly code = 'UPLOAD_URL_EXPIRED';
  constructor(readonly expiresAt: string) {
    super(`The upload URL expired at ${expiresAt}; create a new blob and upload again`);
    this.name = 'UploadUrlExpiredError';
  }
}

/** S3 answered the upload with an error other than expiry (wrong content type, too large, …). */
export class UploadRejectedError extends BlobsClientError {
  readonly code = 'UPLOAD_REJECTED';
  constructor(readonly status: number, readonly s3Code: string | undefined, s3Message: string | undefined) {
    super(`The upload was refused (HTTP ${status}${s3Code ? ` ${s3Code}` : ''}${s3Message ? `: ${s3Message}` : ''})`);
    this.name = 'UploadRejectedError';
  }
}

/** The API, S3 or the realtime socket could not be reached, or the socket stayed down too long. */
export class ConnectionLostError extends BlobsClientError {
  readonly code = 'CONNECTION_LOST';
  constructor(detail: string) {
    super(`Connection lost: ${detail}`);
    this.name = 'ConnectionLostError';
  }
}

/** The API answered with GraphQL errors (bad callback URL, bad key, …). */
export class RequestRejectedError extends BlobsClientError {
  readonly code = 'REQUEST_REJECTED';
  constructor(readonly errors: Array<{ message: string; errorType?: string }>) {
    super(`The API refused the request: ${errors.map((e) => (e.errorType ? `${e.errorType}: ${e.message}` : e.message)).join('; ')}`);
    this.name = 'RequestRejectedError';
  }
}

/** The blob ended FAILED: the service looked at the upload and could not label it. */
export class BlobFailedError extends BlobsClientError {
  readonly code = 'BLOB_FAILED';
  constructor(readonly blob: Blob) {
    super(`Labelling failed: ${blob.error?.code ?? 'UNKNOWN'}${blob.error?.message ? ` (${blob.error.message})` : ''}`);
    this.name = 'BlobFailedError';
  }
}

export class TimedOutError extends BlobsClientError {
  readonly code = 'TIMED_OUT';
  constructor(readonly blobId: string, seconds: number) {
    super(`No result for blob ${blobId} after ${seconds} s`);
    this.name = 'TimedOutError';
  }
}

export class AbortedError extends BlobsClientError {
  readonly code = 'ABORTED';
  constructor() {
    super('Cancelled');
    this.name = 'AbortedError';
  }
}

/** Resolves a finished blob to itself when LABELLED, or throws BlobFailedError. */
export function requireLabelled(blob: Blob): Blob {
  if (blob.status !== 'LABELLED') throw new BlobFailedError(blob);
  return blob;
}
