/** The shared test photos, scaled to 640 px on the long side (JPEG), in memory. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { imagesDir } from './paths.js';

export const IMAGE_EDGE_PX = 640;

export async function benchImages(): Promise<Array<{ name: string; bytes: Buffer; width: number; height: number }>> {
  const out = [];
  for (const name of (await readdir(imagesDir)).sort()) {
    if (!/\.(png|jpe?g)$/i.test(name)) continue;
    try {
      const { data, info } = await sharp(await readFile(join(imagesDir, name)), { failOn: 'error' })
        .resize({ width: IMAGE_EDGE_PX, height: IMAGE_EDGE_PX, fit: 'inside' })
        .jpeg({ quality: 90 })
        .toBuffer({ resolveWithObject: true });
      // The deliberately broken files (not-an-image, truncated) are for the FAILED path, not here.
      if (info.width >= 300 || info.height >= 300) out.push({ name, bytes: data, width: info.width, height: info.height });
    } catch {
      continue;
    }
  }
  if (!out.length) throw new Error(`no usable images in ${imagesDir}`);
  return out;
}
