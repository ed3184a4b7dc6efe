/** A local S3 on TLS and plain HTTP (the data directory's certificate), and SDK clients that trust it. */
import { Agent } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { startLocalS3, type LocalS3, type LocalS3Options } from '../../local/s3/index.js';
import { ensureLocalCertificate } from '../../local/tls/certificate.js';

export const region = 'us-east-1';
export const adminKey = { accessKeyId: 'S3TLSADMIN', secretAccessKey: 's3-tls-admin-secret' };

export interface TlsS3 {
  s3: LocalS3;
  dir: string;
  events: S3Event[];
  /** An SDK client for the TLS side (path-style, as Amplify uses for this bucket). */
  client(credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): S3Client;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTlsS3(o: Partial<LocalS3Options> = {}): Promise<TlsS3> {
  const dir = await mkdtemp(join(tmpdir(), 's3-tls-'));
  const certificate = await ensureLocalCertificate(join(dir, 'tls'));
  const events: S3Event[] = [];
  const options: LocalS3Options = {
    dataDir: join(dir, 's3'),
    region,
    credentials: [adminKey],
    buckets: ['blobs'],
    versionedBuckets: ['blobs'],
    tls: { key: certificate.key, cert: certificate.cert },
    onEvent: async (e) => void events.push(e),
    ...o,
  };
  const clients: S3Client[] = [];
  const agent = new Agent({ ca: certificate.cert, keepAlive: true });
  const fixture: TlsS3 = {
    s3: await startLocalS3(options),
    dir,
    events,
    client(credentials = adminKey) {
      const client = new S3Client({ endpoint: fixture.s3.tlsEndpoint, region, credentials, forcePathStyle: true, requestHandler: { httpsAgent: agent } });
      clients.push(client);
      return client;
    },
    async restart() {
      await fixture.s3.close();
      // The same port, so that clients made before still reach it.
      fixture.s3 = await startLocalS3({ ...options, port: Number(new URL(fixture.s3.endpoint).port) });
    },
    async close() {
      for (const c of clients) c.destroy();
      agent.destroy();
      await fixture.s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
