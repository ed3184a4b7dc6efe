/**
 * The CLI's uploader: node:http(s) with a Content-Length (S3 refuses a chunked PUT without one),
 * writing the bytes in slices so progress follows what the socket has actually taken.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AbortedError, checkUploadResponse, ConnectionLostError, type Uploader } from '../client/index.js';

const SLICE = 64 * 1024;

export const uploadWithNodeHttp: Uploader = (upload) =>
  new Promise<void>((resolve, reject) => {
    const url = new URL(upload.url);
    const total = upload.bytes.length;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'PUT', headers: { 'content-type': upload.contentType, 'content-length': total }, signal: upload.signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          checkUploadResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), upload.expiresAt);
          upload.onProgress(total, total);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', (error) => reject(upload.signal?.aborted ? new AbortedError() : new ConnectionLostError(`could not upload to ${url.host} (${error.message})`)));

    upload.onProgress(0, total);
    let sent = 0;
    const writeNext = () => {
      while (sent < total) {
        const slice = upload.bytes.subarray(sent, Math.min(sent + SLICE, total));
        sent += slice.length;
        const sentSoFar = sent;
        const more = req.write(slice, () => upload.onProgress(sentSoFar, total));
        if (!more) return void req.once('drain', writeNext);
      }
      req.end();
    };
    writeNext();
  });
