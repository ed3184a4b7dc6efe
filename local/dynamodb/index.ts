/**
 * DynamoDB stand-in: dynalite (DynamoDB's API on LevelDB), in-process, on disk. Given `iam`,
 * clients reach it only through the gateway, which checks SigV4 and the caller's policies.
 */
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';
import type { IamAuthority } from '../iam/index.js';
import { closeServer, listen } from '../listen.js';
import { createDynamoDBGateway } from './gateway.js';

export { ensureBlobTable } from './blob-table.js';
export { startTtlSweeper } from './ttl-sweeper.js';

export interface LocalDynamoDB {
  endpoint: string;
  close(): Promise<void>;
}

export interface LocalDynamoDBOptions {
  /** Undefined keeps everything in memory (tests). */
  dataDir?: string;
  host?: string;
  port?: number;
  iam?: { region: string; accountId: string; authority: IamAuthority };
}

export async function startLocalDynamoDB(o: LocalDynamoDBOptions): Promise<LocalDynamoDB> {
  if (o.dataDir) await mkdir(o.dataDir, { recursive: true });
  const server = dynalite({ path: o.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  if (!o.iam) {
    const endpoint = await listen(server, o);
    return { endpoint, close: () => closeServer(server) };
  }
  const upstream = await listen(server, { host: '127.0.0.1', port: 0 });
  const { authority, region, accountId } = o.iam;
  const gateway = createDynamoDBGateway({ upstream, region, accountId, credentials: authority.credentials, authorize: authority.authorize });
  const endpoint = await listen(gateway.server, o);
  return {
    endpoint,
    close: async () => {
      await closeServer(gateway.server);
      gateway.close();
      await closeServer(server);
    },
  };
}

