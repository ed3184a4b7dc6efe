/**
 * Opens `sockets` wss connections (trusting the local CA), one subscription each, then runs
 * `rounds` fan-outs: each round records t0, fires the trigger, and waits until every socket has
 * received its message. Latencies are per delivery, from t0, on this process's clock.
 * Modes: "engine" (AppSync realtime protocol; the trigger is the IAM-signed publishBlobLabelled) and
 * "raw" (bare ws; the trigger is a POST asking the server to broadcast).
 * Prints {"ready":true} once subscribed, then waits for "go" on stdin and prints the result.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { PUBLISH_BLOB_LABELLED } from '../../functions/lib/appsync-publisher.js';
import { ON_BLOB_LABELLED } from '../../test/support/operations.js';
import { signedHeaders } from '../../test/support/sigv4-fetch.js';

interface Input {
  mode: 'engine' | 'raw';
  wsUrl: string;
  triggerUrl: string;
  certPath: string;
  sockets: number;
  rounds: number;
  blobId: string;
  apiKey: string;
  graphqlHost: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** raw mode: the exact text each socket receives. */
  payload?: string;
  /** engine mode: the blob handed to publishBlobLabelled. */
  blob?: Record<string, unknown>;
}

const input = JSON.parse(process.argv[2]) as Input;
const ca = readFileSync(input.certPath);

let pending = 0;
let t0 = 0;
let latencies: number[] = [];
let roundDone: (() => void) | undefined;
let sample: string | undefined;

function onDelivery(text: string) {
  latencies.push(performance.now() - t0);
  sample ??= text;
  if (--pending === 0) roundDone?.();
}

async function openEngineSocket(index: number): Promise<WebSocket> {
  const auth = { host: input.graphqlHost, 'x-api-key': input.apiKey };
  const header = Buffer.from(JSON.stringify(auth)).toString('base64url');
  const socket = new WebSocket(input.wsUrl, ['graphql-ws', `header-${header}`], { ca });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (raw) => {
      const text = raw.toString();
      if (text.includes('"type":"data"')) return onDelivery(text);
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: `s${index}`, type: 'start', payload: { data: JSON.stringify({ query: ON_BLOB_LABELLED, variables: { id: input.blobId } }), extensions: { authorization: auth } } }));
      } else if (message.type === 'start_ack') resolve();
      else if (message.type !== 'ka') reject(new Error(`unexpected ${text}`));
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
  });
  return socket;
}

async function openRawSocket(): Promise<WebSocket> {
  const socket = new WebSocket(input.wsUrl, { ca });
  socket.on('message', (raw) => onDelivery(raw.toString()));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

async function trigger(): Promise<void> {
  if (input.mode === 'raw') {
    const res = await fetch(input.triggerUrl, { method: 'POST', body: input.payload });
    if (!res.ok) throw new Error(`broadcast failed: ${res.status}`);
    return;
  }
  throw new Error('engine triggers are pre-signed');
}

const sockets: WebSocket[] = [];
// Connect in batches: a thousand simultaneous TLS handshakes would only measure the handshake storm.
for (let i = 0; i < input.sockets; i += 50) {
  const batch = Array.from({ length: Math.min(50, input.sockets - i) }, (_, j) => (input.mode === 'engine' ? openEngineSocket(i + j) : openRawSocket()));
  sockets.push(...(await Promise.all(batch)));
}
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;

const rounds: number[] = [];
const all: number[] = [];
for (let round = 0; round < input.rounds; round++) {
  // Signing is the publisher's work, not delivery: it happens before t0.
  let send: () => Promise<void> = trigger;
  if (input.mode === 'engine') {
    const body = JSON.stringify({ query: PUBLISH_BLOB_LABELLED, variables: { input: { ...input.blob, updatedAt: new Date().toISOString() } } });
    const headers = await signedHeaders(input.triggerUrl, body, input.credentials, { region: input.region });
    send = async () => {
      const res = await fetch(input.triggerUrl, { method: 'POST', headers, body });
      const result = (await res.json()) as { errors?: unknown[] };
      if (!res.ok || result.errors) throw new Error(`publishBlobLabelled failed: ${JSON.stringify(result)}`);
    };
  }
  latencies = [];
  pending = sockets.length;
  const done = new Promise<void>((resolve) => (roundDone = resolve));
  t0 = performance.now();
  await Promise.all([send(), done]);
  rounds.push(Math.max(...latencies));
  all.push(...latencies);
  await new Promise((r) => setTimeout(r, 100));
}
for (const socket of sockets) socket.terminate();
const hundredths = (ms: number) => Math.round(ms * 100) / 100;
// Exit only once the (large) result line is flushed to the pipe.
process.stdout.write(`${JSON.stringify({ rounds: rounds.map(hundredths), latencies: all.map(hundredths), sample })}\n`, () => process.exit(0));
