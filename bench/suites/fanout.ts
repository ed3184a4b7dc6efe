/**
 * fanout_vs_raw_ws and fanout_p99_ms: one IAM-signed publishBlobLabelled delivered to 1,000
 * subscribed wss sockets, against a bare `ws` server broadcasting the same bytes to 1,000 sockets.
 * Clients live in their own process; each figure is over several rounds.
 */
import { join } from 'node:path';
import { ensureLocalCertificate } from '../../local/appsync/index.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { startRawWs } from '../lib/raw-ws.js';
import type { BenchStack } from '../lib/stack.js';
import { median, percentile, round } from '../lib/stats.js';
import { spawnClient } from '../lib/tsx-child.js';
import { labelledRecord } from './blob-query.js';

const SOCKETS = 1000;
const FANOUT_ID = '5d2a9c1e-7b3f-4e8a-a6c4-1f0e9b8d7c6a';

type FanoutResult = { rounds: number[]; latencies: number[]; sample?: string };

async function runFanout(step: Step, label: string, input: Record<string, unknown>): Promise<FanoutResult> {
  step(`${label}: opening ${SOCKETS} wss sockets…`);
  const child = await spawnClient<{ ready: true }>('fanout-client', input, 180_000);
  step(`${label}: fanning out ${String(input.rounds)} rounds…`);
  child.process.stdin!.write('go\n');
  const next = await child.lines.next();
  await child.stop();
  if (next.done) throw new Error(`${label}: the fan-out client ended without a result`);
  return JSON.parse(next.value) as FanoutResult;
}

export async function fanoutSuite(step: Step, stack: BenchStack, o: { rounds: number }) {
  // The blob as the labelling function publishes it: the stored record minus bookkeeping.
  const { expiresAt: _bookkeeping, ...stored } = labelledRecord(FANOUT_ID);
  const blob = { ...stored, callbackUrl: null, error: null };
  const common = { sockets: SOCKETS, rounds: o.rounds, certPath: stack.certPath, apiKey: stack.apiKey, credentials: stack.credentials, region: stack.region, blobId: FANOUT_ID };
  const engineUrl = new URL(stack.graphqlUrl);
  const engine = await runFanout(step, 'Engine', { ...common, mode: 'engine', wsUrl: stack.realtimeUrl, triggerUrl: stack.graphqlUrl, graphqlHost: engineUrl.host, blob });
  if (!engine.sample) throw new Error('no subscription message arrived');

  const tls = await ensureLocalCertificate(join(stack.dataDir, 'tls'));
  const raw = await startRawWs(tls);
  let rawResult: FanoutResult;
  try {
    // The baseline sends what a subscriber of the engine received, byte for byte.
    rawResult = await runFanout(step, 'Bare ws', { ...common, mode: 'raw', wsUrl: raw.wsUrl, triggerUrl: raw.triggerUrl, graphqlHost: '', payload: engine.sample });
  } finally {
    await raw.close();
  }
  const engineRound = median(engine.rounds);
  const rawRound = median(rawResult.rounds);
  return [
    metric('fanout_vs_raw_ws', round(rawRound / engineRound, 3), 'ratio', `deliveries/s to ${SOCKETS} sockets (median round) through the engine ÷ bare ws broadcast`, {
      sockets: SOCKETS,
      rounds: o.rounds,
      payload_bytes: Buffer.byteLength(engine.sample),
      engine_round_median_ms: round(engineRound, 1),
      raw_ws_round_median_ms: round(rawRound, 1),
      engine_deliveries_per_s: round((SOCKETS / engineRound) * 1000, 0),
      raw_ws_deliveries_per_s: round((SOCKETS / rawRound) * 1000, 0),
    }),
    metric('fanout_p99_ms', round(percentile(engine.latencies, 99), 1), 'ms', 'p99 of publish → delivery over every socket and round (a machine time: reported, not checked)', {
      ...thisMachine(),
      p50_ms: round(percentile(engine.latencies, 50), 1),
      max_ms: round(Math.max(...engine.latencies), 1),
      raw_ws_p99_ms: round(percentile(rawResult.latencies, 99), 1),
      deliveries: engine.latencies.length,
    }),
  ];
}
