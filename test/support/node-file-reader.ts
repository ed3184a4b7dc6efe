/**
 * Amplify's multipart upload path reads each part with the browser's FileReader, which Node 20
 * lacks (Node has Blob): the smallest stand-in for the one method it calls. Imported for its
 * effect by the processes that run aws-amplify/storage in Node.
 */
if (typeof globalThis.FileReader === 'undefined') {
  (globalThis as Record<string, unknown>).FileReader = class {
    result: ArrayBuffer | undefined;
    error: unknown;
    onload: (() => void) | undefined;
    onerror: (() => void) | undefined;
    onabort: (() => void) | undefined;
    readAsArrayBuffer(blob: Blob) {
      blob.arrayBuffer().then(
        (buffer) => ((this.result = buffer), this.onload?.()),
        (error: unknown) => ((this.error = error), this.onerror?.()),
      );
    }
  };
}
export {};
