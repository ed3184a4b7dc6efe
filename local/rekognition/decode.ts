/**
 * One decode per image, shared by every model: JPEG or PNG only, within Rekognition's limits,
 * oriented by its EXIF tag, downscaled to what the models use.
 */
import sharp from 'sharp';
import { ImageRefused } from './image-refused.js';

/** Rekognition's limits on image sides (DetectLabels, DetectText, DetectFaces, DetectModerationLabels). */
export const SIDE_LIMITS = { min: 80, max: 10_000 } as const;
/** The models work at ≤ 1024 px; decoding to more only costs memory. */
const MAX_SIDE = 1024;

export interface DecodedImage {
  /** The original image's size, after EXIF orientation. */
  width: number;
  height: number;
  /** RGB pixels at ≤ MAX_SIDE, same aspect ratio. */
  rgb: Uint8Array;
  rgbWidth: number;
  rgbHeight: number;
  /** The original bytes (for models that decode themselves). */
  bytes: Uint8Array;
}

export async function decode(bytes: Uint8Array): Promise<DecodedImage> {
  let meta;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ImageRefused('InvalidImageFormat', 'Request has invalid image format');
  }
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw new ImageRefused('InvalidImageFormat', 'Request has invalid image format');
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  if (Math.max(width, height) > SIDE_LIMITS.max) throw new ImageRefused('ImageTooLarge', `Image size is too large: ${width}×${height} px; each side must be at most ${SIDE_LIMITS.max} px`);
  if (Math.min(width, height) < SIDE_LIMITS.min) throw new ImageRefused('InvalidParameter', `Request has invalid parameters: the image is ${width}×${height} px; each side must be at least ${SIDE_LIMITS.min} px`);
  try {
    // failOn 'warning' makes a truncated or corrupt file an error instead of a grey half-image.
    const { data, info } = await sharp(bytes, { failOn: 'warning' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width, height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), rgbWidth: info.width, rgbHeight: info.height, bytes };
  } catch {
    throw new ImageRefused('InvalidImageFormat', 'Request has invalid image format');
  }
}

