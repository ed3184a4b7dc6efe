/**
 * Files the stack writes for other processes are never seen half-written. A watcher process
 * reads them as fast as it can while the stack writes them; every read must find either no file
 * or a whole one. (Against the earlier in-place writes this failed: the watcher read an empty
 * amplify_outputs.json, as crash-recovery.test.ts once did.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { startLocalS3 } from '../../local/s3/index.js';
import { startTestStack } from '../support/local-stack.js';
import { repoRoot } from '../support/paths.js';
import { startProcess, stopProcess } from '../support/processes.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** Starts the watcher on `<path>=<regexp>` pairs; `finish()` stops it and returns what it saw. */
function watchFiles(files: Record<string, RegExp>) {
  const args = Object.entries(files).map(([path, pattern]) => `${path}=${pattern.source}`);
  const watcher = startProcess(process.execPath, [join(repoRoot, 'test/support/fixtures/torn-read-watcher.mjs'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(() => stopProcess(watcher));
  let out = '';
  let onData = () => {};
  watcher.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    onData();
  });
  const exited = new Promise<void>((resolve) => watcher.once('close', () => resolve()));
  return {
    /** Resolves once the watcher has read every path once (each missing, at this point). */
    ready: () =>
      new Promise<void>((resolve, reject) => {
        onData = () => out.startsWith('ready\n') && resolve();
        onData();
        exited.then(() => reject(new Error(`the watcher exited before it was ready: ${out}`)));
      }),
    async finish(): Promise<{ reads: number; complete: number; torn: unknown[]; files: Record<string, { absentFirst: boolean; reads: number }> }> {
      watcher.stdin!.end();
      await exited;
      return JSON.parse(out.slice('ready\n'.length));
    },
  };
}

it('amplify_outputs.json, the API key, the webhook secret and the TLS files appear whole', async () => {
  const base = await mkdtemp(join(tmpdir(), 'blobs-atomic-'));
  cleanups.push(() => rm(base, { recursive: true, force: true }));
  const rounds = Array.from({ length: 4 }, (_, i) => ({ dataDir: join(base, `data-${i}`), outputs: join(base, `amplify_outputs.${i}.json`) }));
  const files: Record<string, RegExp> = {};
  for (const r of rounds) {
    files[r.outputs] = /^\{.*"api_key": "da2-[0-9a-f]{32}".*\}\n$/;
    files[join(r.dataDir, 'api-key')] = /^da2-[0-9a-f]{32}\n$/;
    files[join(r.dataDir, 'webhook-secret')] = /^whsec_[A-Za-z0-9+/]{43}=\n$/;
    files[join(r.dataDir, 'tls', 'localhost.crt')] = /^-----BEGIN CERTIFICATE-----\r?\n.*-----END CERTIFICATE-----(\r?\n)?$/;
    files[join(r.dataDir, 'tls', 'localhost.key')] = /^-----BEGIN PRIVATE KEY-----\r?\n.*-----END PRIVATE KEY-----(\r?\n)?$/;
  }
  const watcher = watchFiles(files);
  await watcher.ready();

  // Each round is a first start in a new data directory, so every file is created while watched.
  // The stacks stay up until the watcher has finished: closing one removes its
  // amplify_outputs.json, and on a busy machine a watcher can miss a file that short-lived. The
  // watcher ends only after a whole pass begun after stdin closed, so it reads every file present.
  const stacks = [];
  for (const r of rounds) {
    const stack = await startTestStack({ dataDir: r.dataDir, writeOutputsTo: r.outputs });
    cleanups.push(() => stack.close());
    stacks.push(stack);
  }

  const seen = await watcher.finish();
  for (const stack of stacks) await stack.close();
  expect(seen.torn).toEqual([]);
  expect(seen.complete).toBe(seen.reads);
  // Meaningful only if the watcher was reading while each file was written: it saw every file
  // missing first and then present (a watcher that started late, or never found a file, fails here).
  const unwatched = Object.entries(seen.files).filter(([, f]) => !f.absentFirst || f.reads === 0);
  expect(unwatched.map(([path, f]) => `${path}: ${JSON.stringify(f)}`)).toEqual([]);
}, 180_000);

it("the local S3's objects, overwritten while read, are always one whole version", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'blobs-atomic-s3-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const credentials = { accessKeyId: 'ATOMICKEY', secretAccessKey: 'atomic-secret' };
  const s3 = await startLocalS3({ dataDir: dir, region: 'us-east-1', credentials: [credentials], buckets: ['blobs'], onEvent: async () => {} });
  cleanups.push(() => s3.close());
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
  cleanups.push(async () => client.destroy());

  // Bodies of different sizes and contents: a torn read shows as a size/content mismatch.
  const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(200_000 + i * 150_000, String.fromCharCode(97 + i)));
  await client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'contended', Body: bodies[0] }));

  let writing = true;
  let putInFlight = false;
  const writer = (async () => {
    for (let round = 0; round < 4; round++) {
      for (const body of bodies) {
        putInFlight = true;
        await client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'contended', Body: body }));
        putInFlight = false;
      }
    }
    writing = false;
  })();
  const bad: string[] = [];
  let reads = 0;
  let readsDuringPut = 0;
  const versionsSeen = new Set<number>();
  while (writing) {
    try {
      const duringPut = putInFlight;
      const got = await client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'contended' }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      reads++;
      if (duringPut || putInFlight) readsDuringPut++;
      versionsSeen.add(bytes.length);
      const whole = bodies.some((b) => b.equals(bytes)) && got.ContentLength === bytes.length;
      if (!whole) bad.push(`${bytes.length} bytes of "${String.fromCharCode(bytes[0])}", ContentLength ${got.ContentLength}`);
    } catch (error) {
      bad.push(`GET failed: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  await writer;
  expect(bad).toEqual([]);
  // Meaningful only if reads overlapped writes and saw the object change under them.
  expect(readsDuringPut).toBeGreaterThan(0);
  expect(versionsSeen.size).toBeGreaterThan(1);
}, 120_000);
