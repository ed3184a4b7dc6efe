/** The local engine on the bench-only schema (NONE data source only), on an ephemeral loopback port. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCertificate, startLocalAppSync } from '../../local/appsync/index.js';
import { benchDataSources, benchResolvers, benchSchemaFile } from '../fixtures/wiring.js';
import { repoRoot } from './paths.js';

export const BENCH_API_KEY = 'da2-benchbenchbenchbenchbenchbench';

export async function startBenchEngine() {
  const dir = await mkdtemp(join(tmpdir(), 'blobs-bench-engine-'));
  const certificate = await ensureLocalCertificate(join(dir, 'tls'));
  const engine = await startLocalAppSync({
    rootDir: repoRoot,
    schemaFile: benchSchemaFile,
    resolvers: benchResolvers,
    dataSources: benchDataSources,
    bindings: { none: { type: 'NONE' } },
    auth: {
      defaultMode: 'API_KEY',
      additionalModes: [],
      apiKeys: [{ key: BENCH_API_KEY, expiresAt: new Date(Date.now() + 3_600_000) }],
      iam: { region: 'us-east-1', accountId: '000000000000', credentials: [] },
    },
    tls: certificate,
  });
  return {
    url: engine.url,
    async close() {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
