/** DynamoDB stand-in: dynalite (DynamoDB's API on LevelDB), in-process, on disk. */
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';
import { listen } from '../listen.js';

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
  const endpoint = await listen(server, o);
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
