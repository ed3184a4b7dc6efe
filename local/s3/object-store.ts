/**
 * Objects on disk, with S3's versioning. Each key is a folder holding its versions; a body is
 * streamed to a temporary file, fsynced and renamed into place, then its metadata likewise: a
 * version is visible only once both are whole, so a crash never leaves half an object behind.
 * Every write of a body gets a file name of its own, named by the metadata, so a PUT that
 * replaces the "null" version never changes the bytes under a reader holding the old metadata.
 *
 * A versioned bucket keeps every PUT as a new version and DELETE adds a delete marker, as S3
 * does; an unversioned bucket keeps one version, "null", that each PUT replaces.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomically } from '../atomic-file.js';
import { writeBodyDurably } from './durable-body.js';

export { ObjectTooLarge } from './durable-body.js';

export interface ObjectMeta {
  key: string;
  /** "null" in an unversioned bucket, as S3 names it. */
  versionId: string;
  /** Creation order of versions of one key (ms since epoch, with a counter in the fraction). */
  storedAt: number;
  deleteMarker?: boolean;
  size: number;
  etag: string;
  contentType: string;
  lastModified: string;
  metadata: Record<string, string>;
  sha256: string;
  /** The body's file in the key's folder; metadata written before this field means `<versionId>.data`. */
  dataFile?: string;
}

export type StoredVersion = ObjectMeta & { isLatest: boolean };

export const NULL_VERSION = 'null';
const keyDir = (key: string) => Buffer.from(key).toString('base64url');
const keyOf = (dir: string) => Buffer.from(dir, 'base64url').toString();
const VERSION_ID = /^[A-Za-z0-9._-]{1,128}$/;

let counter = 0;
/** Opaque like S3's (32 URL-safe characters), unique, and never reused. */
const newVersionId = () => `${Date.now().toString(36)}${(counter++ % 1_000_000).toString(36).padStart(4, '0')}${randomBytes(18).toString('base64url')}`.slice(0, 32);
const nextStoredAt = () => Date.now() + (counter % 1000) / 1000;

export function createObjectStore(root: string) {
  const bucketDir = (bucket: string) => join(root, bucket);
  const versionPaths = (bucket: string, key: string, versionId: string) => {
    const base = join(bucketDir(bucket), keyDir(key), versionId);
    return { data: `${base}.data`, meta: `${base}.meta.json` };
  };
  const dataPath = (bucket: string, meta: ObjectMeta) => join(bucketDir(bucket), keyDir(meta.key), meta.dataFile ?? `${meta.versionId}.data`);
  /** Body files of one version: the legacy `<id>.data` and every `<id>.<write>.data`. */
  const isDataFileOf = (versionId: string, file: string) => file === `${versionId}.data` || (file.startsWith(`${versionId}.`) && file.endsWith('.data') && !file.endsWith('.tmp'));

  const durableWrite = (path: string, content: string) => writeFileAtomically(path, content);

  /** Removes the version's body files except `keep` (a reader may still hold metadata naming them). */
  async function removeDataFiles(bucket: string, key: string, versionId: string, keep: Array<string | undefined>): Promise<void> {
    const dir = join(bucketDir(bucket), keyDir(key));
    const entries = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((e) => isDataFileOf(versionId, e) && !keep.includes(e)).map((e) => rm(join(dir, e), { force: true })));
  }

  /** Every version of one key, newest first. */
  async function versionsOf(bucket: string, key: string): Promise<ObjectMeta[]> {
    const dir = join(bucketDir(bucket), keyDir(key));
    const entries = await readdir(dir).catch(() => [] as string[]);
    const metas = await Promise.all(
      entries.filter((e) => e.endsWith('.meta.json')).map((e) => readFile(join(dir, e), 'utf8').then((text) => JSON.parse(text) as ObjectMeta, () => undefined)),
    );
    return metas.filter((m): m is ObjectMeta => m !== undefined).sort((a, b) => b.storedAt - a.storedAt);
  }

  /** Data written by the store before it kept versions (one `<key>.data` per key) becomes the "null" version. */
  async function adoptUnversionedObjects(bucket: string): Promise<void> {
    for (const entry of await readdir(bucketDir(bucket))) {
      if (!entry.endsWith('.meta.json')) continue;
      const old = join(bucketDir(bucket), entry.slice(0, -'.meta.json'.length));
      const meta = JSON.parse(await readFile(`${old}.meta.json`, 'utf8')) as ObjectMeta;
      const target = versionPaths(bucket, meta.key, NULL_VERSION);
      await mkdir(join(bucketDir(bucket), keyDir(meta.key)), { recursive: true });
      await rename(`${old}.data`, target.data);
      await durableWrite(target.meta, JSON.stringify({ ...meta, versionId: NULL_VERSION, storedAt: 0 }));
      await rm(`${old}.meta.json`, { force: true });
    }
  }

  async function listVersions(bucket: string, prefix = ''): Promise<StoredVersion[]> {
    const dirs = await readdir(bucketDir(bucket)).catch(() => [] as string[]);
    const keys = dirs.map(keyOf).filter((k) => k.startsWith(prefix)).sort();
    const all: StoredVersion[] = [];
    for (const key of keys) (await versionsOf(bucket, key)).forEach((v, i) => all.push({ ...v, isLatest: i === 0 }));
    return all;
  }

  return {
    async createBucket(bucket: string) {
      await mkdir(bucketDir(bucket), { recursive: true });
      await adoptUnversionedObjects(bucket);
    },
    async bucketExists(bucket: string) {
      return stat(bucketDir(bucket)).then((s) => s.isDirectory(), () => false);
    },
    /** `etag`: a multipart upload's (the MD5 of its parts' MD5s, "-N"), not the body's MD5. */
    async put(bucket: string, key: string, body: Readable, o: { contentType: string; metadata: Record<string, string>; maxBytes: number; versioned: boolean; etag?: string }) {
      await mkdir(join(bucketDir(bucket), keyDir(key)), { recursive: true });
      const versionId = o.versioned ? newVersionId() : NULL_VERSION;
      const { meta } = versionPaths(bucket, key, versionId);
      const data = join(bucketDir(bucket), keyDir(key), `${versionId}.${randomBytes(6).toString('hex')}.data`);
      const tmp = `${data}.tmp`;
      const written = await writeBodyDurably(body, tmp, o.maxBytes);
      const record: ObjectMeta = {
        key,
        versionId,
        storedAt: nextStoredAt(),
        size: written.size,
        etag: `"${o.etag ?? written.md5}"`,
        contentType: o.contentType,
        lastModified: new Date().toUTCString(),
        metadata: o.metadata,
        sha256: written.sha256,
        dataFile: basename(data),
      };
      return {
        ...record,
        /** Makes the version visible; the caller may first check the body (e.g. its SHA-256). */
        commit: async () => {
          await rename(tmp, data);
          const replaced = await readFile(meta, 'utf8').then((text) => JSON.parse(text) as ObjectMeta, () => undefined);
          await durableWrite(meta, JSON.stringify(record));
          // The body just replaced stays one generation, for a GET that read the old metadata.
          await removeDataFiles(bucket, key, versionId, [record.dataFile, replaced && (replaced.dataFile ?? `${versionId}.data`)]);
        },
        discard: () => rm(tmp, { force: true }),
      };
    },
    /**
     * One version's metadata (a delete marker included), or the current version when no id is
     * given (then undefined if the newest version is a delete marker, as for a missing key).
     */
    async head(bucket: string, key: string, versionId?: string): Promise<ObjectMeta | undefined> {
      if (versionId === undefined) {
        const [latest] = await versionsOf(bucket, key);
        return latest?.deleteMarker ? undefined : latest;
      }
      if (!VERSION_ID.test(versionId)) return undefined;
      try {
        return JSON.parse(await readFile(versionPaths(bucket, key, versionId).meta, 'utf8')) as ObjectMeta;
      } catch {
        return undefined;
      }
    },
    /** Whether the key's newest version is a delete marker (S3 says so in a header). */
    async latestIsDeleteMarker(bucket: string, key: string): Promise<boolean> {
      const [latest] = await versionsOf(bucket, key);
      return latest?.deleteMarker === true;
    },
    /** The body that `meta` (from head) describes. */
    read(bucket: string, meta: ObjectMeta, range?: { start: number; end: number }): Readable {
      return createReadStream(dataPath(bucket, meta), range);
    },
    /** Removes one version for good; false when there was no such version. */
    async removeVersion(bucket: string, key: string, versionId: string): Promise<boolean> {
      if (!VERSION_ID.test(versionId)) return false;
      const { meta } = versionPaths(bucket, key, versionId);
      const existed = await stat(meta).then(() => true, () => false);
      await rm(meta, { force: true });
      await removeDataFiles(bucket, key, versionId, []);
      if ((await versionsOf(bucket, key)).length === 0) await rm(join(bucketDir(bucket), keyDir(key)), { recursive: true, force: true });
      return existed;
    },
    /** DELETE without a version on a versioned bucket: the key now reads as missing, its versions stay. */
    async addDeleteMarker(bucket: string, key: string): Promise<string> {
      await mkdir(join(bucketDir(bucket), keyDir(key)), { recursive: true });
      const versionId = newVersionId();
      const marker: ObjectMeta = { key, versionId, storedAt: nextStoredAt(), deleteMarker: true, size: 0, etag: '', contentType: '', lastModified: new Date().toUTCString(), metadata: {}, sha256: '' };
      await durableWrite(versionPaths(bucket, key, versionId).meta, JSON.stringify(marker));
      return versionId;
    },
    /** Every version and delete marker under a prefix: keys in order, each key's newest first. */
    listVersions,
    /** The current version of every key under a prefix (keys whose newest version is a delete marker are left out). */
    async list(bucket: string, prefix = ''): Promise<ObjectMeta[]> {
      return (await listVersions(bucket, prefix)).filter((v) => v.isLatest && !v.deleteMarker);
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;
