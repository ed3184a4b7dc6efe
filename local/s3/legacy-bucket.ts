/**
 * A data directory written before the local bucket was renamed keeps its objects under the old
 * bucket's folder: they are adopted by renaming that folder once, before the local S3 starts, so
 * existing blobs keep their images. A directory that already has the new folder is left alone.
 */
import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function adoptLegacyBucket(s3DataDir: string, from: string, to: string): Promise<void> {
  const objects = join(s3DataDir, 'objects');
  const exists = (dir: string) => stat(dir).then(() => true, () => false);
  if ((await exists(join(objects, from))) && !(await exists(join(objects, to)))) await rename(join(objects, from), join(objects, to));
}
