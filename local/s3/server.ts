/**
 * An S3-compatible server for the operations this API and Amplify Storage use: path-style
 * Put/Get/Head/Delete Object (by version too), multipart uploads (local/s3/multipart.ts),
 * ListObjectsV2, ListObjectVersions, Create/Head Bucket, with S3's versioning on the buckets
 * configured as versioned. It checks SigV4 (headers or presigned query: signature, expiry, signed
 * headers, payload hash, session token) as S3 does, which s3rver does not. Given a certificate,
 * its port speaks TLS beside plain HTTP, as Amplify Storage's `customEndpoint` is always https.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import type { IamAuthority } from '../iam/index.js';
import type { Credentials } from '../sigv4/verify.js';
import { listenDual } from '../tls/dual-listener.js';
import { requestBody } from './aws-chunked.js';
import type { BucketEventKind } from '../../api/object-keys.js';
import { createCors, type CorsRule } from './cors.js';
import { S3Error, sendError } from './errors.js';
import { bucketEvent, type BucketEventName } from './event-record.js';
import { listObjects, listObjectVersions, versioningConfiguration } from './bucket-listings.js';
import { handleMultipart } from './multipart.js';
import { createMultipartStore } from './multipart-store.js';
import { createObjectStore, NULL_VERSION, ObjectTooLarge } from './object-store.js';
import { createOutbox } from './outbox.js';
import { actionOf, createRequestAuth } from './request-auth.js';
import { closeServer, listen } from '../listen.js';

/** The rule a bare local S3 (tests, no template) answers browsers with. */
const ANY_ORIGIN: CorsRule = { allowedOrigins: ['*'], allowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], allowedHeaders: ['*'], exposedHeaders: ['ETag', 'x-amz-request-id', 'x-amz-version-id'], maxAge: 3000 };

export interface LocalS3Options {
  dataDir: string;
  host?: string;
  port?: number;
  region: string;
  /** The keys it accepts: the authority's live list, temporary keys (an identity pool's) included. */
  credentials: readonly Credentials[];
  /** TLS beside plain HTTP on the same port (the data directory's certificate, local/tls/). */
  tls?: { key: string; cert: string };
  /** Each verified request's action and ARN, checked against the caller's policies and the bucket policy (absent: all allowed). */
  authorize?: IamAuthority['authorize'];
  buckets: string[];
  /** Buckets with versioning enabled (a subset of `buckets`). */
  versionedBuckets?: string[];
  /** The buckets' CORS rules (the local stack passes the template's); absent: any origin, S3's usual methods and headers. */
  cors?: readonly CorsRule[];
  /** Where the bucket's event notifications go (ObjectCreated, and ObjectRemoved where `notifications` ask for it). */
  onEvent?: (event: S3Event) => Promise<void>;
  /**
   * Which keys raise which events, as an S3 notification configuration's prefix filters do
   * (absent: ObjectCreated for every key, no ObjectRemoved).
   */
  notifications?: readonly { prefix: string; events: readonly BucketEventKind[] }[];
  maxConcurrentDeliveries?: number;
  /** How the outbox treats a failed delivery (local/s3/outbox.ts); default: retry with backoff. */
  onDeliveryFailure?: (error: unknown) => 'retry' | 'dead-letter' | 'keep';
  /** Largest single PUT (S3: 5 GiB). */
  maxObjectBytes?: number;
}

export interface LocalS3 {
  endpoint: string;
  /** The same port over TLS (with `tls`): `https://localhost:<port>`, what Amplify's customEndpoint names without its scheme. */
  tlsEndpoint?: string;
  /** Events written but not yet handled (tests wait for 0). */
  pendingEvents(): number;
  close(): Promise<void>;
}

export async function startLocalS3(o: LocalS3Options): Promise<LocalS3> {
  const store = createObjectStore(join(o.dataDir, 'objects'));
  const uploads = createMultipartStore(join(o.dataDir, 'multipart'));
  const { authenticate, permit } = createRequestAuth(o);
  for (const bucket of o.buckets) await store.createBucket(bucket);
  const outbox = await createOutbox({
    dir: join(o.dataDir, 'events'),
    deliver: async (event) => {
      if (o.onEvent) await o.onEvent(event as S3Event);
    },
    maxConcurrent: o.maxConcurrentDeliveries ?? 4,
    onFailure: o.onDeliveryFailure,
  });
  const maxObjectBytes = o.maxObjectBytes ?? 5 * 1024 ** 3;
  const versioned = new Set(o.versionedBuckets ?? []);

  const entityTooLarge = (proposed: number) => new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: proposed, MaxSizeAllowed: maxObjectBytes });

  const cors = createCors(o.cors ?? [ANY_ORIGIN]);

  const notifications = o.notifications ?? [{ prefix: '', events: ['ObjectCreated'] }];
  const notifies = (key: string, eventName: BucketEventName) => notifications.some((n) => key.startsWith(n.prefix) && n.events.some((kind) => eventName.startsWith(`${kind}:`)));

  /** Durably records the event (before the client hears its answer), when a notification asks for it. */
  async function bucketEventFor(e: { bucket: string; key: string; size?: number; etag?: string; versionId?: string; req: IncomingMessage; principalId: string; eventName: BucketEventName }) {
    if (!notifies(e.key, e.eventName)) return;
    const sequencer = `${Date.now().toString(16).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`;
    await outbox.add(bucketEvent({ region: o.region, bucket: e.bucket, key: e.key, size: e.size, etag: e.etag?.replace(/"/g, ''), versionId: e.versionId, sequencer, sourceIp: e.req.socket.remoteAddress ?? '127.0.0.1', principalId: e.principalId, eventName: e.eventName }));
  }
  const objectCreated = (e: Omit<Parameters<typeof bucketEventFor>[0], 'eventName'> & { eventName?: BucketEventName }) => bucketEventFor({ ...e, eventName: e.eventName ?? 'ObjectCreated:Put' });
  const multipart = {
    objects: store,
    uploads,
    isVersioned: (bucket: string) => versioned.has(bucket),
    maxObjectBytes,
    objectCreated: (e: Parameters<typeof objectCreated>[0]) => objectCreated({ ...e, eventName: 'ObjectCreated:CompleteMultipartUpload' }),
  };

  async function putObject(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, payloadHash: string, principalId: string) {
    // Judged on the headers, before a byte of the body is read: S3 refuses a PUT over its
    // single-PUT limit (5 GiB) up front, whatever the client goes on sending.
    const declaredLength = Number(req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'] ?? 0);
    if (declaredLength > maxObjectBytes) throw entityTooLarge(declaredLength);
    const body = requestBody(req, payloadHash);
    const metadata = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k.slice(11), String(v)]));
    const isVersioned = versioned.has(bucket);
    let stored: Awaited<ReturnType<typeof store.put>>;
    try {
      stored = await store.put(bucket, key, body, { contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), metadata, maxBytes: maxObjectBytes, versioned: isVersioned });
    } catch (error) {
      if (error instanceof ObjectTooLarge) throw entityTooLarge(error.size);
      throw error;
    }
    if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== stored.sha256) {
      await stored.discard();
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    await stored.commit();
    // On disk before the client hears 200: a crash after this point still labels the upload.
    const versionId = isVersioned ? stored.versionId : undefined;
    await objectCreated({ bucket, key, size: stored.size, etag: stored.etag, versionId, req, principalId });
    res.writeHead(200, { etag: stored.etag, 'content-length': 0, ...(versionId ? { 'x-amz-version-id': versionId } : {}) });
    res.end();
  }

  async function getObject(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, versionId: string | undefined, head: boolean, accessKeyId: string) {
    const meta = await store.head(bucket, key, versionId);
    if (!meta) {
      if (versionId !== undefined) throw new S3Error(404, 'NoSuchVersion', 'The specified version does not exist.');
      // As S3 does: without s3:ListBucket a caller may not learn that a key does not exist.
      permit(accessKeyId, 's3:ListBucket', `arn:aws:s3:::${bucket}`);
      if (await store.latestIsDeleteMarker(bucket, key)) res.setHeader('x-amz-delete-marker', 'true');
      throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    if (meta.deleteMarker) {
      res.setHeader('x-amz-delete-marker', 'true');
      res.setHeader('x-amz-version-id', meta.versionId);
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const headers: Record<string, string | number> = { etag: meta.etag, 'content-type': meta.contentType, 'last-modified': meta.lastModified, 'accept-ranges': 'bytes' };
    if (versioned.has(bucket) || meta.versionId !== NULL_VERSION) headers['x-amz-version-id'] = meta.versionId;
    for (const [k, v] of Object.entries(meta.metadata)) headers[`x-amz-meta-${k}`] = v;
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (range && meta.size > 0) {
      let start = range[1] ? Number(range[1]) : Math.max(0, meta.size - Number(range[2]));
      let end = range[1] && range[2] ? Math.min(Number(range[2]), meta.size - 1) : meta.size - 1;
      if (start >= meta.size) throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
      res.writeHead(206, { ...headers, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${meta.size}` });
      if (head) return res.end();
      store.read(bucket, meta, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': meta.size });
    if (head) return res.end();
    store.read(bucket, meta).pipe(res);
  }

  async function deleteObject(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, versionId: string | undefined, principalId: string) {
    const removed = (eventName: BucketEventName, removedVersion?: string) => bucketEventFor({ bucket, key, versionId: removedVersion, req, principalId, eventName });
    if (versionId !== undefined) {
      const meta = await store.head(bucket, key, versionId);
      await store.removeVersion(bucket, key, versionId);
      // S3 announces the removal of a version that was there (deleting an unknown one is a no-op).
      if (meta) await removed('ObjectRemoved:Delete', versionId);
      res.writeHead(204, { 'x-amz-version-id': versionId, ...(meta?.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}) });
      return res.end();
    }
    if (versioned.has(bucket)) {
      const markerId = await store.addDeleteMarker(bucket, key);
      await removed('ObjectRemoved:DeleteMarkerCreated', markerId);
      res.writeHead(204, { 'x-amz-version-id': markerId, 'x-amz-delete-marker': 'true' });
      return res.end();
    }
    await store.removeVersion(bucket, key, NULL_VERSION);
    await removed('ObjectRemoved:Delete');
    res.writeHead(204);
    res.end();
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const head = req.method === 'HEAD';
    cors.decorate(req, res);
    try {
      if (req.method === 'OPTIONS') return cors.preflight(req, res);
      const auth = authenticate(req, url);
      const { accessKeyId, payloadHash } = auth;
      if (!bucket) throw new S3Error(400, 'InvalidRequest', 'Listing buckets is not supported by the local S3.');
      const versionId = url.searchParams.get('versionId') ?? undefined;
      // A listing's prefix is a condition key (s3:prefix), as S3 passes it: absent when the request names none.
      const listed = key ? {} : { 's3:prefix': url.searchParams.get('prefix') ?? undefined };
      permit(accessKeyId, actionOf(req.method ?? 'GET', key, versionId, url.searchParams), key ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`, listed);
      if (!(await store.bucketExists(bucket))) {
        if (req.method === 'PUT' && !key) {
          await store.createBucket(bucket);
          res.writeHead(200, { location: `/${bucket}`, 'content-length': 0 });
          return res.end();
        }
        throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      }
      if (!key) {
        if (req.method === 'GET' && url.searchParams.has('versions')) return await listObjectVersions(store, res, bucket, url);
        if (req.method === 'GET' && url.searchParams.has('versioning')) return versioningConfiguration(res, bucket, versioned.has(bucket));
        if (req.method === 'GET') return await listObjects(store, res, bucket, url);
        if (head || req.method === 'PUT') {
          res.writeHead(200, { 'content-length': 0 });
          return res.end();
        }
        throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
      if (await handleMultipart(multipart, req, res, bucket, key, url, auth)) return;
      switch (req.method) {
        case 'PUT':
          return await putObject(req, res, bucket, key, payloadHash, accessKeyId);
        case 'GET':
        case 'HEAD':
          return await getObject(req, res, bucket, key, versionId, head, accessKeyId);
        case 'DELETE':
          return await deleteObject(req, res, bucket, key, versionId, accessKeyId);
        default:
          throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
    } catch (error) {
      if (error instanceof S3Error) return sendError(res, error, url.pathname, head);
      console.error(JSON.stringify({ level: 'ERROR', message: 'local S3 request failed', error: (error as Error).message }));
      if (!res.headersSent) sendError(res, new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'), url.pathname, head);
      else res.destroy();
    }
  };
  const serving = await serve(handle, o);
  return {
    endpoint: serving.endpoint,
    tlsEndpoint: serving.tlsEndpoint,
    pendingEvents: () => outbox.pendingCount(),
    close: async () => {
      await serving.close();
      await outbox.close();
    },
  };
}

/** Plain HTTP, or (with a certificate) HTTP and TLS on one port, as the engine serves. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>, o: LocalS3Options): Promise<{ endpoint: string; tlsEndpoint?: string; close(): Promise<void> }> {
  if (!o.tls) {
    const server = createServer((req, res) => void handle(req, res));
    const endpoint = await listen(server, o);
    return {
      endpoint,
      close: async () => {
        await closeServer(server);
      },
    };
  }
  const host = o.host ?? '127.0.0.1';
  const listener = await listenDual({ host, port: o.port ?? 0, tls: o.tls, onRequest: (req, res) => void handle(req, res), onUpgrade: (_req, socket) => socket.destroy() });
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${listener.port}`,
    // The certificate names localhost (and the loopback IPs); Amplify wants a host name.
    tlsEndpoint: `https://localhost:${listener.port}`,
    close: () => listener.close(),
  };
}
