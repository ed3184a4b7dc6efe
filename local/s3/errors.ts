/** S3's XML error responses. */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Elements S3 adds for this error, in its order (EntityTooLarge: ProposedSize, MaxSizeAllowed). */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

export const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function sendError(res: ServerResponse, error: S3Error, resource: string, head = false): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${Object.entries(error.details).map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`).join('')}<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(error.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...(head ? {} : { 'content-length': Buffer.byteLength(body) }) });
  res.end(head ? undefined : body);
}
