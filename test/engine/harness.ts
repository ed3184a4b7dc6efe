/** The local engine on the fixture schema, with a real DynamoDB stand-in behind it. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureLocalCertificate, startLocalAppSync, type AuthConfig } from '../../local/appsync/index.js';
import { ensureBlobTable, startLocalDynamoDB } from '../../local/dynamodb/index.js';
import type { RequestLimits } from '../../api/request-limits.js';
import { repoRoot } from '../support/paths.js';
import { fixtureDataSources, fixtureResolvers } from './fixtures/wiring.js';

export const API_KEY = 'da2-test-key';
export const EXPIRED_KEY = 'da2-expired-key';
export const IAM = { accessKeyId: 'AKIDTESTENGINE', secretAccessKey: 'engine-test-secret' };
const region = 'us-east-1';

/** `auth` replaces parts of the default configuration (API key default, IAM additional). */
/** `options.limits` replaces the harness's tighter depth limit (pass `{}` for the declared limits). */
export async function startEngine(auth: Partial<AuthConfig> = {}, options: { limits?: Partial<RequestLimits> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'engine-'));
  const dynamodb = await startLocalDynamoDB({});
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials: IAM });
  await ensureBlobTable(client, 'blobs');
  const certificate = await ensureLocalCertificate(join(dir, 'tls'));
  const engine = await startLocalAppSync({
    rootDir: repoRoot,
    schemaFile: 'test/engine/fixtures/schema.graphql',
    resolvers: fixtureResolvers,
    dataSources: fixtureDataSources,
    bindings: { items: { type: 'AMAZON_DYNAMODB', tableName: 'blobs', endpoint: dynamodb.endpoint, region, credentials: IAM }, none: { type: 'NONE' } },
    auth: {
      defaultMode: 'API_KEY',
      additionalModes: ['AWS_IAM'],
      apiKeys: [
        { key: API_KEY, expiresAt: new Date(Date.now() + 3_600_000) },
        { key: EXPIRED_KEY, expiresAt: new Date(Date.now() - 1_000) },
      ],
      iam: { region, accountId: '123456789012', credentials: [IAM] },
      ...auth,
    },
    tls: certificate,
    limits: options.limits ?? { queryDepthLimit: 5 },
  });
  const ca = await readFile(certificate.certPath);
  return {
    engine,
    ca,
    certPath: certificate.certPath,
    /** A GraphQL POST with an API key, answered as { status, body }. */
    async post(query: string, variables: Record<string, unknown> = {}, apiKey = API_KEY) {
      const res = await fetch(engine.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
    },
    async close() {
      await engine.close();
      client.destroy();
      await dynamodb.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
