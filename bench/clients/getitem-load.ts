/**
 * The baseline for blob(id): bare GetItem calls through the AWS SDK, `connections` at a time for
 * `durationSeconds` (after a warm-up), against the same DynamoDB stand-in. Prints one JSON line.
 */
import { Agent } from 'node:http';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { percentile } from '../lib/stats.js';

const input = JSON.parse(process.argv[2]) as {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  id: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
};

const client = new DynamoDBClient({
  endpoint: input.endpoint,
  region: input.region,
  credentials: input.credentials,
  // One keep-alive socket per concurrent caller, as autocannon holds 32 connections.
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: input.connections }) },
});
const command = () => new GetItemCommand({ TableName: input.tableName, Key: { id: { S: input.id } }, ConsistentRead: true });

async function load(seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const out = await client.send(command());
        if (!out.Item) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - started);
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: input.connections }, caller));
  const elapsed = (performance.now() - startedAt) / 1000;
  return { rps: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), requests: latencies.length, failures };
}

await load(input.warmupSeconds);
const result = await load(input.durationSeconds);
client.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
