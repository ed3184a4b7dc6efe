/** The bucket-level GETs: ListObjectsV2, ListObjectVersions and GetBucketVersioning, as S3's XML. */
import type { ServerResponse } from 'node:http';
import type { ObjectStore } from './object-store.js';

const esc = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

export async function listObjectVersions(store: ObjectStore, res: ServerResponse, bucket: string, url: URL) {
  const prefix = url.searchParams.get('prefix') ?? '';
  const max = Math.max(1, Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000) || 1000));
  const keyMarker = url.searchParams.get('key-marker') ?? '';
  const versionMarker = url.searchParams.get('version-id-marker') ?? '';
  let all = await store.listVersions(bucket, prefix);
  if (keyMarker) {
    const resumeAt = versionMarker ? all.findIndex((v) => v.key === keyMarker && v.versionId === versionMarker) : -1;
    all = resumeAt >= 0 ? all.slice(resumeAt + 1) : all.filter((v) => v.key > keyMarker);
  }
  const page = all.slice(0, max);
  const truncated = all.length > max;
  const last = page[page.length - 1];
  const entry = (v: (typeof page)[number]) =>
    v.deleteMarker
      ? `<DeleteMarker><Key>${esc(v.key)}</Key><VersionId>${esc(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest><LastModified>${new Date(v.lastModified).toISOString()}</LastModified></DeleteMarker>`
      : `<Version><Key>${esc(v.key)}</Key><VersionId>${esc(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest><LastModified>${new Date(v.lastModified).toISOString()}</LastModified><ETag>${esc(v.etag)}</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${esc(prefix)}</Prefix><KeyMarker>${esc(keyMarker)}</KeyMarker><VersionIdMarker>${esc(versionMarker)}</VersionIdMarker><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
    truncated && last ? `<NextKeyMarker>${esc(last.key)}</NextKeyMarker><NextVersionIdMarker>${esc(last.versionId)}</NextVersionIdMarker>` : ''
  }${page.map(entry).join('')}</ListVersionsResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * ListObjectsV2. With a delimiter, keys that have it after the prefix are rolled up into
 * CommonPrefixes (each counted once against max-keys), as Amplify's list with
 * `subpathStrategy: 'exclude'` asks.
 */
export async function listObjects(store: ObjectStore, res: ServerResponse, bucket: string, url: URL) {
  const prefix = url.searchParams.get('prefix') ?? '';
  const delimiter = url.searchParams.get('delimiter') ?? '';
  const max = Math.max(0, Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000) || 0));
  const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
  const entries: Array<{ prefix: string } | { object: Awaited<ReturnType<ObjectStore['list']>>[number] }> = [];
  const rolledUp = new Set<string>();
  for (const m of await store.list(bucket, prefix)) {
    const cut = delimiter ? m.key.indexOf(delimiter, prefix.length) : -1;
    const name = cut >= 0 ? m.key.slice(0, cut + delimiter.length) : m.key;
    // A continuation token is the last entry of the page before: a key, or a common prefix.
    if (name <= after || (after.startsWith(name) && cut >= 0)) continue;
    if (cut < 0) entries.push({ object: m });
    else if (!rolledUp.has(name)) {
      rolledUp.add(name);
      entries.push({ prefix: name });
    }
  }
  const page = entries.slice(0, max);
  const truncated = entries.length > max;
  const last = page[page.length - 1];
  const token = last ? ('prefix' in last ? last.prefix : last.object.key) : '';
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${esc(prefix)}</Prefix>${delimiter ? `<Delimiter>${esc(delimiter)}</Delimiter>` : ''}<KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${esc(token)}</NextContinuationToken>` : ''}${page
    .map((e) =>
      'prefix' in e
        ? `<CommonPrefixes><Prefix>${esc(e.prefix)}</Prefix></CommonPrefixes>`
        : `<Contents><Key>${esc(e.object.key)}</Key><LastModified>${new Date(e.object.lastModified).toISOString()}</LastModified><ETag>${esc(e.object.etag)}</ETag><Size>${e.object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('')}</ListBucketResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function versioningConfiguration(res: ServerResponse, bucket: string, versioned: boolean) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${versioned ? '<Status>Enabled</Status>' : ''}</VersioningConfiguration>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
