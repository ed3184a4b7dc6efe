/**
 * The upload step: a credential-less PUT of the bytes to the presigned URL, with only the
 * signed content type. How the bytes travel differs by platform (XMLHttpRequest in a browser
 * for upload progress, node:http in the CLI), so it is a function labelImage is given; what an
 * answer means is the same everywhere and lives here.
 */
import { AbortedError, ConnectionLostError, UploadRejectedError, UploadUrlExpiredError } from './errors.js';

export interface UploadRequest {
  url: string;
  bytes: Uint8Array;
  contentType: string;
  /** When the presigned URL stops working (createBlob's expiresAt). */
  expiresAt: string;
  onProgress: (sentBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

export type Uploader = (request: UploadRequest) => Promise<void>;

/** Turns S3's answer into nothing (success) or the error a caller can act on. */
export function checkUploadResponse(status: number, body: string, expiresAt: string): void {
  if (status >= 200 && status < 300) return;
  const s3Code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const s3Message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  // S3 reports an expired presigned URL as 403 AccessDenied "Request has expired".
  if (status === 403 && (/expired/i.test(s3Message ?? '') || Date.parse(expiresAt) <= Date.now())) throw new UploadUrlExpiredError(expiresAt);
  throw new UploadRejectedError(status, s3Code, s3Message);
}

/** Works wherever fetch does; reports progress only at the start and the end. */
export const uploadWithFetch: Uploader = async (request) => {
  request.onProgress(0, request.bytes.length);
  let response: Response;
  // (The cast: a Buffer is a Uint8Array too, but DOM typings want the narrower buffer type.)
  try {
    response = await fetch(request.url, { method: 'PUT', body: request.bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': request.contentType }, signal: request.signal });
  } catch (error) {
    if (request.signal?.aborted) throw new AbortedError();
    throw new ConnectionLostError(`could not upload to ${new URL(request.url).host} (${(error as Error).message})`);
  }
  checkUploadResponse(response.status, await response.text(), request.expiresAt);
  request.onProgress(request.bytes.length, request.bytes.length);
};
