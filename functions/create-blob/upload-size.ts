/**
 * createBlob's optional contentLength: the exact size the upload must have, signed into the
 * upload URL. Refused up front when the labeller would refuse an image of that size anyway, so a
 * client learns it before sending the bytes.
 */
import { IMAGE_LIMITS } from '../lib/image-inspection.js';

export type UploadSizeResult = { ok: true; contentLength: number | undefined } | { ok: false; message: string };

export function uploadSize(contentLength: number | null | undefined): UploadSizeResult {
  if (contentLength === null || contentLength === undefined) return { ok: true, contentLength: undefined };
  if (!Number.isInteger(contentLength) || contentLength < 1) return { ok: false, message: `contentLength must be a positive whole number of bytes; got ${contentLength}` };
  if (contentLength > IMAGE_LIMITS.maxBytes) {
    return { ok: false, message: `contentLength is ${contentLength} bytes; images of at most ${IMAGE_LIMITS.maxBytes} bytes (15 MB) are accepted` };
  }
  return { ok: true, contentLength };
}
