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

export async function listObjects(store: ObjectStore, res: ServerResponse, bucket: string, url: URL) {
  const prefix = url.searchParams.get('prefix') ?? '';
  const max = Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000));
  const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
  const all = (await store.list(bucket, prefix)).filter((m) => m.key > after);
  const page = all.slice(0, max);
  const truncated = all.length > max;
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${esc(page[page.length - 1].key)}</NextContinuationToken>` : ''}${page
    .map((m) => `<Contents><Key>${esc(m.key)}</Key><LastModified>${new Date(m.lastModified).toISOString()}</LastModified><ETag>${esc(m.etag)}</ETag><Size>${m.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
    .join('')}</ListBucketResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function versioningConfiguration(res: ServerResponse, bucket: string, versioned: boolean) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${versioned ? '<Status>Enabled</Status>' : ''}</VersioningConfiguration>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
