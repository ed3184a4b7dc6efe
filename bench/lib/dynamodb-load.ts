/**
 * The DynamoDB baselines' load loop (bench/clients/*-load.ts): bare AWS SDK calls, `connections`
 * at a time for `durationSeconds` after an unmeasured warm-up, against the DynamoDB stand-in the
 * API under test uses. Each client supplies only its call and what counts as a right answer.
 */
import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { percentile } from './stats.js';

export interface DynamoDbLoadInput {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** One call; resolves to whether its answer was the right one (a throw counts as a failure too). */
export type DynamoDbCall = (client: DynamoDBClient) => Promise<boolean>;

async function load(client: DynamoDBClient, call: DynamoDbCall, connections: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        if (!(await call(client))) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - started);
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: connections }, caller));
  const elapsed = (performance.now() - startedAt) / 1000;
  return { rps: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), requests: latencies.length, failures };
}

/** Warms up, measures, and prints the measured run as one JSON line on stdout. */
export async function runDynamoDbLoad(input: DynamoDbLoadInput, call: DynamoDbCall): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: input.endpoint,
    region: input.region,
    credentials: input.credentials,
    // One keep-alive socket per concurrent caller, as autocannon holds 32 connections.
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: input.connections }) },
  });
  await load(client, call, input.connections, input.warmupSeconds);
  const result = await load(client, call, input.connections, input.durationSeconds);
  client.destroy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
