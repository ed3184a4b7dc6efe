import type { RefusalCode } from './detection.js';

/** The image itself was refused (not a JPEG/PNG, corrupt, too large or too small), named after Rekognition's exception. */
export class ImageRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}
