/**
 * Blob.image: what the stored image says about itself. Width and height as shown, that is after
 * its EXIF orientation (a portrait photo stored sideways reads as portrait); the format by its
 * bytes; the stored size; and, from EXIF where present, when it was taken and the camera.
 * GPS coordinates are never read into the record: a privacy choice (docs/photo-details.md).
 */
import exifReader from 'exif-reader';
import { loadSharp } from './sharp-loader.js';
import type { ImageDetails } from '../../api/generated/graphql.js';

export async function imageDetails(image: Uint8Array, sizeBytes: number): Promise<ImageDetails> {
  const sharp = await loadSharp();
  const meta = await sharp(image, { failOn: 'none' }).metadata();
  const exif = readExif(meta.exif);
  return {
    width: meta.autoOrient?.width ?? meta.width ?? 0,
    height: meta.autoOrient?.height ?? meta.height ?? 0,
    format: meta.format ?? 'unknown',
    sizeBytes,
    takenAt: validDate(exif?.Photo?.DateTimeOriginal ?? exif?.Image?.DateTime),
    cameraMake: text(exif?.Image?.Make),
    cameraModel: text(exif?.Image?.Model),
  };
}

/** A damaged EXIF block costs the details it holds, not the labelling. */
function readExif(buffer: Buffer | undefined): ReturnType<typeof exifReader> | undefined {
  if (!buffer) return undefined;
  try {
    return exifReader(buffer);
  } catch {
    return undefined;
  }
}

/** EXIF dates carry no zone; exif-reader reads them as UTC, and so does this field (documented). */
const validDate = (value: unknown): string | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.replace(/\0+$/, '').trim() : null);
