/** DynamoDB stand-in: dynalite (DynamoDB's API on LevelDB), in-process, on disk. */
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';

export { ensureBlobTable } from './blob-table.js';
export { startTtlSweeper } from './ttl-sweeper.js';

export interface LocalDynamoDB {
  endpoint: string;
  close(): Promise<void>;
}

/** `dataDir` undefined keeps everything in memory (tests). */
export async function startLocalDynamoDB(o: { dataDir?: string; host?: string; port?: number }): Promise<LocalDynamoDB> {
  if (o.dataDir) await mkdir(o.dataDir, { recursive: true });
  const server = dynalite({ path: o.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${o.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
