/**
 * engine_rps_vs_raw_http and engine_rps_vs_simulator: the same fixed-blob query, the same client
 * (autocannon, 32 connections, 10 s after a 2 s warm-up), against three servers in turn.
 */
import { deepStrictEqual } from 'node:assert';
import { join } from 'node:path';
import { BENCH_API_KEY, startBenchEngine } from '../lib/engine.js';
import { measureLoad, type LoadResult } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import { benchDir } from '../lib/paths.js';
import { startRawHttp } from '../lib/raw-http.js';
import { ensureSimulatorInstalled, startSimulator } from '../lib/simulator.js';
import { round } from '../lib/stats.js';
import { FIXED_BLOB, FIXED_BLOB_QUERY, FIXED_BLOB_RESPONSE } from '../fixtures/fixed-blob.js';

const body = JSON.stringify({ query: FIXED_BLOB_QUERY, variables: {} });
const headers = { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY };

/** Each server must give the same answer before its speed means anything. */
async function assertAnswers(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers, body });
  deepStrictEqual({ status: res.status, body: await res.json() }, { status: 200, body: JSON.parse(FIXED_BLOB_RESPONSE) }, `${url} answers differently`);
}

const summary = (r: LoadResult) => ({ rps: round(r.rps, 0), p50_ms: r.p50Ms, p99_ms: r.p99Ms, requests: r.requests });

export async function engineHttpSuite(step: Step, o: { durationSeconds: number }) {
  step('Installing the AppSync simulator in bench/simulator (own graphql 15)…');
  await ensureSimulatorInstalled();
  step('Starting the engine, a bare node:http server and the simulator…');
  const engine = await startBenchEngine();
  const raw = await startRawHttp(FIXED_BLOB_RESPONSE);
  const simulator = await startSimulator({ blob: FIXED_BLOB, apiKey: BENCH_API_KEY, schemaFile: join(benchDir, 'fixtures/schema.graphql') });
  try {
    for (const url of [engine.url, raw.url, simulator.url]) await assertAnswers(url);
    const load = (url: string) => measureLoad({ url, body, headers, durationSeconds: o.durationSeconds });
    step(`Raw node:http: ${o.durationSeconds} s of autocannon, 32 connections…`);
    const rawResult = await load(raw.url);
    step(`Engine (fixed blob, NONE data source): ${o.durationSeconds} s…`);
    const engineResult = await load(engine.url);
    step(`Amplify AppSync simulator (VTL, NONE data source): ${o.durationSeconds} s…`);
    const simulatorResult = await load(simulator.url);
    return [
      metric('engine_rps_vs_raw_http', round(engineResult.rps / rawResult.rps, 3), 'ratio', 'engine req/s ÷ bare node:http req/s', {
        ...prefixed('engine', summary(engineResult)),
        ...prefixed('raw_http', summary(rawResult)),
      }),
      metric('engine_rps_vs_simulator', round(engineResult.rps / simulatorResult.rps, 2), 'ratio', 'engine req/s ÷ amplify-appsync-simulator req/s', {
        ...prefixed('engine', summary(engineResult)),
        ...prefixed('simulator', summary(simulatorResult)),
      }),
    ];
  } finally {
    await Promise.all([engine.close(), raw.close(), simulator.close()]);
  }
}

export function prefixed(prefix: string, values: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}_${k}`, v]));
}
