/**
 * A request body streamed to a temporary file and fsynced, with its size, MD5 and SHA-256
 * computed on the way: what a PUT and an UploadPart both need before the bytes may be renamed
 * into place. A body over `maxBytes` is cut off (ObjectTooLarge), never read to its end.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** `size`: the bytes received when the limit was passed (the whole size is never read). */
export class ObjectTooLarge extends Error {
  constructor(readonly size: number) {
    super(`The object passed ${size} bytes`);
  }
}

export interface WrittenBody {
  size: number;
  /** Hex MD5 of the bytes (S3's ETag of a single PUT or a part, without the quotes). */
  md5: string;
  sha256: string;
}

export async function writeBodyDurably(body: Readable, tmp: string, maxBytes: number): Promise<WrittenBody> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) body.destroy(new ObjectTooLarge(size));
    md5.update(chunk);
    sha256.update(chunk);
  });
  try {
    await pipeline(body, createWriteStream(tmp));
    const handle = await open(tmp, 'r+');
    await handle.sync();
    await handle.close();
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}
