/**
 * Decodes `aws-chunked` bodies (what newer SDKs send with STREAMING-* payload hashes):
 * `<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0\r\n<trailers>\r\n\r\n`.
 * Chunk signatures are not verified (the seed-signature on the headers is).
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

export class AwsChunkedDecoder extends Transform {
  private buffer = Buffer.alloc(0);
  private remaining = 0;
  private done = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private drain(): void {
    while (!this.done) {
      if (this.remaining > 0) {
        if (this.buffer.length === 0) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return;
        this.remaining = -2; // expect CRLF after data
      }
      if (this.remaining === -2) {
        if (this.buffer.length < 2) return;
        this.buffer = this.buffer.subarray(2);
        this.remaining = 0;
      }
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) return;
      const header = this.buffer.subarray(0, eol).toString('latin1');
      const size = parseInt(header.split(';')[0], 16);
      if (Number.isNaN(size)) throw new Error('Malformed aws-chunked body');
      this.buffer = this.buffer.subarray(eol + 2);
      if (size === 0) {
        this.done = true; // trailers follow; they carry checksums we do not need
        return;
      }
      this.remaining = size;
    }
  }
}

/** The bytes of a PUT or UploadPart body: decoded when the SDK sent it aws-chunked. */
export function requestBody(req: IncomingMessage, payloadHash: string): Readable {
  const chunked = payloadHash.startsWith('STREAMING-') || String(req.headers['content-encoding'] ?? '').includes('aws-chunked');
  return chunked ? req.pipe(new AwsChunkedDecoder()) : req;
}
