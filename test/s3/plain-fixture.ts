/**
 * A local S3 on plain HTTP in a data directory of its own, its ObjectCreated events collected, and
 * an SDK client that adds checksums only where S3 requires them (as the presigned-URL tests want:
 * a presigned PUT from curl carries none). The TLS side has its fixture in tls-fixture.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { startLocalS3, type LocalS3, type LocalS3Options } from '../../local/s3/index.js';

export const region = 'us-east-1';

export interface PlainS3 {
  s3: LocalS3;
  client: S3Client;
  events: S3Event[];
  close(): Promise<void>;
}

export async function startPlainS3(o: Pick<LocalS3Options, 'buckets'> & Partial<LocalS3Options> & { credentials: [{ accessKeyId: string; secretAccessKey: string }] }): Promise<PlainS3> {
  const dir = await mkdtemp(join(tmpdir(), 's3-'));
  const events: S3Event[] = [];
  const s3 = await startLocalS3({ dataDir: dir, region, onEvent: async (e) => void events.push(e), ...o });
  const client = new S3Client({ endpoint: s3.endpoint, region, credentials: o.credentials[0], forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  return {
    s3,
    client,
    events,
    async close() {
      client.destroy();
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
