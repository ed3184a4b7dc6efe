/**
 * Multipart uploads in progress, on disk so that they survive a restart as S3's do: one folder
 * per upload, holding the upload's record (bucket, key, content type, metadata) and each part's
 * body and record. A part's body is fsynced and renamed into place before its record is written
 * (local/atomic-file.ts), so a part is listed only once it is whole; uploading a part number
 * again replaces it, as S3 does.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { writeFileAtomically } from '../atomic-file.js';
import { writeBodyDurably } from './durable-body.js';

export interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  initiated: string;
  /** The access key that created it (S3's Initiator). */
  initiator: string;
}

export interface Part {
  partNumber: number;
  /** Quoted, as S3 returns it. */
  etag: string;
  size: number;
  lastModified: string;
  sha256: string;
  dataFile: string;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{20,128}$/;
const RECORD = 'upload.json';

export function createMultipartStore(root: string) {
  const dirOf = (uploadId: string) => join(root, uploadId);

  async function parts(uploadId: string): Promise<Part[]> {
    const entries = await readdir(dirOf(uploadId)).catch(() => [] as string[]);
    const records = await Promise.all(
      entries.filter((e) => /^\d+\.json$/.test(e)).map((e) => readFile(join(dirOf(uploadId), e), 'utf8').then((t) => JSON.parse(t) as Part, () => undefined)),
    );
    return records.filter((p): p is Part => p !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  return {
    async create(o: Omit<Upload, 'uploadId' | 'initiated'>): Promise<Upload> {
      const upload: Upload = { ...o, uploadId: randomBytes(36).toString('base64url'), initiated: new Date().toISOString() };
      await mkdir(dirOf(upload.uploadId), { recursive: true });
      await writeFileAtomically(join(dirOf(upload.uploadId), RECORD), JSON.stringify(upload));
      return upload;
    },
    /** The upload, if it exists and is for this bucket and key (S3 knows an upload id only with its key). */
    async get(uploadId: string, bucket: string, key: string): Promise<Upload | undefined> {
      if (!UPLOAD_ID.test(uploadId)) return undefined;
      const upload = await readFile(join(dirOf(uploadId), RECORD), 'utf8').then((t) => JSON.parse(t) as Upload, () => undefined);
      return upload && upload.bucket === bucket && upload.key === key ? upload : undefined;
    },
    async putPart(uploadId: string, partNumber: number, body: Readable, maxBytes: number) {
      const dataFile = `${partNumber}.${randomBytes(6).toString('hex')}.data`;
      const tmp = join(dirOf(uploadId), `${dataFile}.tmp`);
      const written = await writeBodyDurably(body, tmp, maxBytes);
      const part: Part = { partNumber, etag: `"${written.md5}"`, size: written.size, lastModified: new Date().toISOString(), sha256: written.sha256, dataFile };
      return {
        ...part,
        commit: async () => {
          await rename(tmp, join(dirOf(uploadId), dataFile));
          await writeFileAtomically(join(dirOf(uploadId), `${partNumber}.json`), JSON.stringify(part));
          // The body this part number had before (a part uploaded again).
          const stale = (await readdir(dirOf(uploadId))).filter((e) => e.startsWith(`${partNumber}.`) && e.endsWith('.data') && e !== dataFile);
          await Promise.all(stale.map((e) => rm(join(dirOf(uploadId), e), { force: true })));
        },
        discard: () => rm(tmp, { force: true }),
      };
    },
    /** The upload's parts, by part number. */
    parts,
    /** The bodies of `chosen`, one after another: the object CompleteMultipartUpload assembles. */
    concatenate(uploadId: string, chosen: readonly Part[]): Readable {
      const out = new PassThrough();
      void (async () => {
        for (const part of chosen) {
          for await (const chunk of createReadStream(join(dirOf(uploadId), part.dataFile))) {
            if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
          }
        }
        out.end();
      })().catch((error: Error) => out.destroy(error));
      return out;
    },
    /** Abort, or the end of Complete: the upload and its parts are gone. */
    async remove(uploadId: string): Promise<void> {
      // The record first: a crash halfway leaves stray part files, never an upload that half exists.
      await rm(join(dirOf(uploadId), RECORD), { force: true });
      await rm(dirOf(uploadId), { recursive: true, force: true });
    },
  };
}

export type MultipartStore = ReturnType<typeof createMultipartStore>;
