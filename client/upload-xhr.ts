/** The browser's uploader: XMLHttpRequest, because fetch cannot report upload progress. */
import { AbortedError, ConnectionLostError } from './errors.js';
import { checkUploadResponse, type Uploader } from './upload.js';

export const uploadWithXhr: Uploader = (request) =>
  new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', request.url);
    xhr.setRequestHeader('content-type', request.contentType);
    xhr.upload.onprogress = (event) => request.onProgress(event.loaded, event.lengthComputable ? event.total : request.bytes.length);
    xhr.onload = () => {
      try {
        checkUploadResponse(xhr.status, xhr.responseText, request.expiresAt);
        request.onProgress(request.bytes.length, request.bytes.length);
        resolve();
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new ConnectionLostError(`could not upload to ${new URL(request.url).host}`));
    xhr.onabort = () => reject(new AbortedError());
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    request.onProgress(0, request.bytes.length);
    xhr.send(request.bytes as Uint8Array<ArrayBuffer>); // DOM typings want the narrower buffer type
  });
