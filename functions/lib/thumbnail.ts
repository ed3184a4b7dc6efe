/**
 * The gallery's thumbnail of an image: at most 320 px on the long side, turned upright by its
 * EXIF orientation, re-encoded as WebP with no metadata (sharp writes none unless asked, so no
 * EXIF, GPS or camera serial reaches a thumbnail). Small images are not enlarged.
 */
import { loadSharp } from './sharp-loader.js';

export const THUMBNAIL_MAX_SIDE = 320;

export async function makeThumbnail(image: Uint8Array): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(image, { failOn: 'none' })
    .rotate()
    .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
}
