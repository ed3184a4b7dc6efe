/**
 * `npx tsx bench/probes/engine-cost.ts`: where the engine's time per request goes, for
 * BENCHMARKS.md. Three measurements in one run:
 *  1. the engine's execute() in-process, no HTTP: µs per fixed-blob query;
 *  2. the engine's own HTTP handler with a stub executor that answers the same bytes at once;
 *  3. that stub again, but burning the µs measured in 1 per request; next to the real engine.
 * If 3 matches the real engine, the engine's cost under load is its execution time and nothing
 * else in the HTTP path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCertificate, startLocalAppSync, type AuthConfig } from '../../local/appsync/index.js';
import type { Caller } from '../../local/appsync/server/auth/authenticate.js';
import type { ExecutionOutcome, GraphQLRequest } from '../../local/appsync/server/execute.js';
import { createHttpHandler } from '../../local/appsync/server/http.js';
import { FIXED_BLOB_QUERY } from '../fixtures/fixed-blob.js';
import { benchDataSources, benchResolvers, benchSchemaFile } from '../fixtures/wiring.js';
import { measureLoad } from '../lib/load.js';
import { repoRoot } from '../lib/paths.js';

const API_KEY = 'da2-probe';
const auth: AuthConfig = { defaultMode: 'API_KEY', additionalModes: [], apiKeys: [{ key: API_KEY, expiresAt: new Date(Date.now() + 3_600_000) }], iam: { region: 'us-east-1', accountId: '000000000000', credentials: [] } };
const body = JSON.stringify({ query: FIXED_BLOB_QUERY, variables: {} });

const dir = await mkdtemp(join(tmpdir(), 'blobs-probe-'));
const engine = await startLocalAppSync({ rootDir: repoRoot, schemaFile: benchSchemaFile, resolvers: benchResolvers, dataSources: benchDataSources, bindings: { none: { type: 'NONE' } }, auth, tls: await ensureLocalCertificate(join(dir, 'tls')) });
const caller: Caller = { mode: 'API_KEY', identity: null };
const meta = { headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, domainName: null };

const ROUNDS = 50_000;
for (let i = 0; i < 5_000; i++) await engine.execute(JSON.parse(body) as GraphQLRequest, caller, meta);
const started = performance.now();
for (let i = 0; i < ROUNDS; i++) JSON.stringify((await engine.execute(JSON.parse(body) as GraphQLRequest, caller, meta)).body);
const executeUs = ((performance.now() - started) * 1000) / ROUNDS;
console.log(`1. execute() in-process: ${executeUs.toFixed(1)} µs per query`);

const fixed: ExecutionOutcome = await engine.execute(JSON.parse(body) as GraphQLRequest, caller, meta);
const burn = (us: number) => {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
};
const serve = (execute: (req: GraphQLRequest, caller: Caller) => Promise<ExecutionOutcome>) => {
  const handle = createHttpHandler({ auth, maxBodyBytes: 1_000_000, execute: (req, who) => execute(req, who), onPublished: () => {} });
  return createServer((req, res) => void handle(req, res));
};
const servers: Record<string, Server> = {
  'engine (real execute)': serve((req, who) => engine.execute(req, who, meta)),
  'stub executor': serve(async () => fixed),
  [`stub + ${executeUs.toFixed(0)} µs busy`]: serve(async () => (burn(executeUs), fixed)),
};
for (const server of Object.values(servers)) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
for (const [name, server] of Object.entries(servers)) {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const result = await measureLoad({ url, body, headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, durationSeconds: 5 });
  console.log(`${name}: ${Math.round(result.rps)} req/s`);
}
for (const server of Object.values(servers)) server.closeAllConnections(), server.close();
await engine.close();
await rm(dir, { recursive: true, force: true });
