/**
 * Objects on disk. A body is streamed to a temporary file, fsynced and renamed into place, then
 * its metadata likewise: an object is visible only once both are whole, so a crash never leaves
 * half an object behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ObjectMeta {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  lastModified: string;
  metadata: Record<string, string>;
  sha256: string;
}

export class ObjectTooLarge extends Error {}

const fileName = (key: string) => Buffer.from(key).toString('base64url');

export function createObjectStore(root: string) {
  const bucketDir = (bucket: string) => join(root, bucket);
  const paths = (bucket: string, key: string) => {
    const base = join(bucketDir(bucket), fileName(key));
    return { data: `${base}.data`, meta: `${base}.meta.json` };
  };

  async function durableWrite(path: string, content: string): Promise<void> {
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  }

  return {
    async createBucket(bucket: string) {
      await mkdir(bucketDir(bucket), { recursive: true });
    },
    async bucketExists(bucket: string) {
      return stat(bucketDir(bucket)).then((s) => s.isDirectory(), () => false);
    },
    async put(bucket: string, key: string, body: Readable, o: { contentType: string; metadata: Record<string, string>; maxBytes: number }): Promise<ObjectMeta> {
      const { data, meta } = paths(bucket, key);
      const tmp = `${data}.${randomBytes(6).toString('hex')}.tmp`;
      const md5 = createHash('md5');
      const sha256 = createHash('sha256');
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > o.maxBytes) body.destroy(new ObjectTooLarge());
        md5.update(chunk);
        sha256.update(chunk);
      });
      try {
        const out = createWriteStream(tmp);
        await pipeline(body, out);
        const handle = await open(tmp, 'r+');
        await handle.sync();
        await handle.close();
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      const record: ObjectMeta = { key, size, etag: `"${md5.digest('hex')}"`, contentType: o.contentType, lastModified: new Date().toUTCString(), metadata: o.metadata, sha256: sha256.digest('hex') };
      return {
        ...record,
        /** Makes the object visible; the caller may first check the body (e.g. its SHA-256). */
        commit: async () => {
          await rename(tmp, data);
          await durableWrite(meta, JSON.stringify(record));
        },
        discard: () => rm(tmp, { force: true }),
      } as ObjectMeta & { commit(): Promise<void>; discard(): Promise<void> };
    },
    async head(bucket: string, key: string): Promise<ObjectMeta | undefined> {
      try {
        return JSON.parse(await readFile(paths(bucket, key).meta, 'utf8')) as ObjectMeta;
      } catch {
        return undefined;
      }
    },
    read(bucket: string, key: string, range?: { start: number; end: number }): Readable {
      return createReadStream(paths(bucket, key).data, range);
    },
    async remove(bucket: string, key: string) {
      const { data, meta } = paths(bucket, key);
      await rm(meta, { force: true });
      await rm(data, { force: true });
    },
    async list(bucket: string, prefix = ''): Promise<ObjectMeta[]> {
      const entries = await readdir(bucketDir(bucket)).catch(() => [] as string[]);
      const metas = await Promise.all(
        entries.filter((e) => e.endsWith('.meta.json')).map(async (e) => JSON.parse(await readFile(join(bucketDir(bucket), e), 'utf8')) as ObjectMeta),
      );
      return metas.filter((m) => m.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;
