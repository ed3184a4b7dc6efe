/**
 * The baseline for myBlobs: bare Query calls on the byOwner index (one owner, newest first, a
 * page of `limit`) through the AWS SDK, `connections` at a time for `durationSeconds` (after a
 * warm-up), against the same DynamoDB stand-in. Prints one JSON line.
 */
import { Agent } from 'node:http';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { percentile } from '../lib/stats.js';

const input = JSON.parse(process.argv[2]) as {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  indexName: string;
  owner: string;
  limit: number;
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
const command = () =>
  new QueryCommand({
    TableName: input.tableName,
    IndexName: input.indexName,
    KeyConditionExpression: '#owner = :owner',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':owner': { S: input.owner } },
    ScanIndexForward: false,
    Limit: input.limit,
  });

async function load(seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const out = await client.send(command());
        if (out.Items?.length !== input.limit) failures++;
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
