/**
 * S3's multipart upload API: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload and ListParts, with S3's errors. The object appears, and ObjectCreated
 * (CompleteMultipartUpload) is raised, once, on Complete; its ETag is the MD5 of the parts' MD5s
 * followed by "-<number of parts>", as S3's is.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestBody } from './aws-chunked.js';
import { escapeXml as esc, S3Error } from './errors.js';
import type { MultipartStore, Part, Upload } from './multipart-store.js';
import { ObjectTooLarge, type ObjectStore } from './object-store.js';

/** S3's smallest part, except the last (5 MiB), and its largest (5 GiB), and its most parts. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_BYTES = 5 * 1024 ** 3;
const MAX_PARTS = 10_000;
const MAX_COMPLETE_XML_BYTES = 2 * 1024 * 1024;

export interface MultipartContext {
  objects: ObjectStore;
  uploads: MultipartStore;
  isVersioned(bucket: string): boolean;
  maxObjectBytes: number;
  /** Durably records the ObjectCreated event (before the client hears 200). */
  objectCreated(o: { bucket: string; key: string; size: number; etag: string; versionId?: string; req: IncomingMessage; principalId: string }): Promise<void>;
}

const noSuchUpload = () => new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
const xmlReply = (res: ServerResponse, body: string, headers: Record<string, string> = {}) => {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

/** Handles the request if it is a multipart one; false otherwise (a plain object request). */
export async function handleMultipart(c: MultipartContext, req: IncomingMessage, res: ServerResponse, bucket: string, key: string, url: URL, auth: { accessKeyId: string; payloadHash: string }): Promise<boolean> {
  const uploadId = url.searchParams.get('uploadId');
  if (req.method === 'POST' && url.searchParams.has('uploads')) {
    await create(c, req, res, bucket, key, auth.accessKeyId);
    return true;
  }
  if (uploadId === null) return false;
  const upload = await c.uploads.get(uploadId, bucket, key);
  if (!upload) throw noSuchUpload();
  switch (req.method) {
    case 'PUT':
      await uploadPart(c, req, res, uploadId, url, auth.payloadHash);
      return true;
    case 'POST':
      await complete(c, req, res, upload, auth.accessKeyId);
      return true;
    case 'DELETE':
      await c.uploads.remove(uploadId);
      res.writeHead(204);
      res.end();
      return true;
    case 'GET':
      await listParts(c, res, upload, url);
      return true;
    default:
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

async function create(c: MultipartContext, req: IncomingMessage, res: ServerResponse, bucket: string, key: string, initiator: string) {
  const metadata = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k.slice(11), String(v)]));
  const upload = await c.uploads.create({ bucket, key, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), metadata, initiator });
  xmlReply(res, `<InitiateMultipartUploadResult ${NS}><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${upload.uploadId}</UploadId></InitiateMultipartUploadResult>`);
}

async function uploadPart(c: MultipartContext, req: IncomingMessage, res: ServerResponse, uploadId: string, url: URL, payloadHash: string) {
  const partNumber = Number(url.searchParams.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
    throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`, { ArgumentName: 'partNumber', ArgumentValue: url.searchParams.get('partNumber') ?? '' });
  }
  const declared = Number(req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'] ?? 0);
  const tooLarge = (size: number) => new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: size, MaxSizeAllowed: MAX_PART_BYTES });
  if (declared > MAX_PART_BYTES) throw tooLarge(declared);
  let part: Awaited<ReturnType<MultipartStore['putPart']>>;
  try {
    part = await c.uploads.putPart(uploadId, partNumber, requestBody(req, payloadHash), MAX_PART_BYTES);
  } catch (error) {
    if (error instanceof ObjectTooLarge) throw tooLarge(error.size);
    // The upload was aborted while this part streamed: its folder is gone.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload();
    throw error;
  }
  if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== part.sha256) {
    await part.discard();
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  await part.commit().catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? noSuchUpload() : error;
  });
  res.writeHead(200, { etag: part.etag, 'content-length': 0 });
  res.end();
}

/** The parts a CompleteMultipartUpload body names, in its order. */
async function requestedParts(req: IncomingMessage): Promise<Array<{ partNumber: number; etag: string }>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_COMPLETE_XML_BYTES) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    chunks.push(chunk);
  }
  const xml = Buffer.concat(chunks).toString('utf8');
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, inner]) => ({
    partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1]),
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1] ?? '').replace(/&quot;|"/g, '').trim(),
  }));
  if (!/<CompleteMultipartUpload[\s>]/.test(xml) || parts.length === 0 || parts.some((p) => !Number.isInteger(p.partNumber) || !p.etag)) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  return parts;
}

async function complete(c: MultipartContext, req: IncomingMessage, res: ServerResponse, upload: Upload, principalId: string) {
  const requested = await requestedParts(req);
  for (let i = 1; i < requested.length; i++) {
    if (requested[i].partNumber <= requested[i - 1].partNumber) throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
  }
  const stored = new Map((await c.uploads.parts(upload.uploadId)).map((p) => [p.partNumber, p]));
  const chosen: Part[] = requested.map((r) => {
    const part = stored.get(r.partNumber);
    if (!part || part.etag.replace(/"/g, '') !== r.etag) {
      throw new S3Error(400, 'InvalidPart', "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", { UploadId: upload.uploadId, PartNumber: r.partNumber, ETag: r.etag });
    }
    return part;
  });
  const small = chosen.slice(0, -1).find((p) => p.size < MIN_PART_BYTES);
  if (small) throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { ProposedSize: small.size, MinSizeAllowed: MIN_PART_BYTES, PartNumber: small.partNumber, ETag: small.etag });
  const total = chosen.reduce((n, p) => n + p.size, 0);
  if (total > c.maxObjectBytes) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: total, MaxSizeAllowed: c.maxObjectBytes });

  const digest = createHash('md5');
  for (const part of chosen) digest.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
  const etag = `${digest.digest('hex')}-${chosen.length}`;
  const versioned = c.isVersioned(upload.bucket);
  const object = await c.objects.put(upload.bucket, upload.key, c.uploads.concatenate(upload.uploadId, chosen), { contentType: upload.contentType, metadata: upload.metadata, maxBytes: c.maxObjectBytes, versioned, etag });
  await object.commit();
  const versionId = versioned ? object.versionId : undefined;
  await c.objectCreated({ bucket: upload.bucket, key: upload.key, size: object.size, etag, versionId, req, principalId });
  // After the event is on disk: a crash before this line leaves the upload to be aborted, never
  // an object without its event.
  await c.uploads.remove(upload.uploadId);
  const location = `${req.headers['x-forwarded-proto'] === 'https' || 'encrypted' in req.socket ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}/${upload.bucket}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  xmlReply(
    res,
    `<CompleteMultipartUploadResult ${NS}><Location>${esc(location)}</Location><Bucket>${esc(upload.bucket)}</Bucket><Key>${esc(upload.key)}</Key><ETag>&quot;${etag}&quot;</ETag></CompleteMultipartUploadResult>`,
    versionId ? { 'x-amz-version-id': versionId } : {},
  );
}

async function listParts(c: MultipartContext, res: ServerResponse, upload: Upload, url: URL) {
  const marker = Number(url.searchParams.get('part-number-marker') ?? 0) || 0;
  const max = Math.max(1, Math.min(1000, Number(url.searchParams.get('max-parts') ?? 1000) || 1000));
  const after = (await c.uploads.parts(upload.uploadId)).filter((p) => p.partNumber > marker);
  const page = after.slice(0, max);
  const truncated = after.length > max;
  const next = page.length ? page[page.length - 1].partNumber : marker;
  const who = `<ID>${esc(upload.initiator)}</ID><DisplayName>${esc(upload.initiator)}</DisplayName>`;
  xmlReply(
    res,
    `<ListPartsResult ${NS}><Bucket>${esc(upload.bucket)}</Bucket><Key>${esc(upload.key)}</Key><UploadId>${upload.uploadId}</UploadId><Initiator>${who}</Initiator><Owner>${who}</Owner><StorageClass>STANDARD</StorageClass><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${max}</MaxParts><IsTruncated>${truncated}</IsTruncated>${page
      .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified}</LastModified><ETag>&quot;${p.etag.replace(/"/g, '')}&quot;</ETag><Size>${p.size}</Size></Part>`)
      .join('')}</ListPartsResult>`,
  );
}
