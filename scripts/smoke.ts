/**
 * The smoke test for a running stack, deployed or local: `npm run smoke -- --outputs
 * amplify_outputs.json`. One image through the whole flow, with the client the web page and the
 * CLI use: createBlob with the API key, subscribe to onBlobLabelled over the realtime socket,
 * PUT the bytes to the presigned URL, wait for the pushed result, the webhook (when reachable),
 * then blob(id). Each step prints a line; the first that fails ends the run with exit 1.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { GraphQLResult } from 'aws-amplify/api';
import { ConsoleLogger } from 'aws-amplify/utils';
import type { Blob } from '../api/generated/graphql.js';
import { loadOutputs } from '../cli/outputs.js';
import { findLocalCertificate, installWebSocket } from '../cli/websocket.js';
import { configureAmplify, detectImageType, graphqlClient, uploadWithFetch, type BlobsGraphqlClient } from '../client/index.js';
import { BLOB, CREATE_BLOB, type BlobResult, type CreateBlobResult } from '../client/documents.js';
import { subscribeToBlob } from '../client/realtime.js';
import { startReceiver, verifySignature, webhookPlan, type WebhookReceiver } from './smoke-webhook.js';

const USAGE = `usage: npm run smoke -- [--outputs amplify_outputs.json | --url URL --api-key KEY [--region R]] [--image FILE] [--callback-url URL] [--webhook-secret FILE] [--ca CERT] [--timeout SECONDS]`;
const { values } = parseArgs({
  options: {
    outputs: { type: 'string' },
    url: { type: 'string' },
    'api-key': { type: 'string' },
    region: { type: 'string' },
    image: { type: 'string', default: fileURLToPath(new URL('../test/fixtures/images/chelsea.png', import.meta.url)) },
    'callback-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    ca: { type: 'string' },
    timeout: { type: 'string', default: '180' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const timeoutMs = Number(values.timeout) * 1000;
if (!(timeoutMs > 0)) {
  console.error(`smoke: --timeout must be a number of seconds\n${USAGE}`);
  process.exit(2);
}

let stepNo = 0;
async function step<T>(name: string, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
  stepNo += 1;
  const started = Date.now();
  try {
    const result = await run();
    console.log(`smoke: ${stepNo}. ${name}: ok, ${describe(result)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    console.log(`smoke: ${stepNo}. ${name}: FAILED: ${(error as Error).message}`);
    throw new StepFailed();
  }
}
class StepFailed extends Error {}

const within = <T>(ms: number, what: string, promise: Promise<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms).unref())]);

async function graphql<R>(client: BlobsGraphqlClient, query: string, variables: object): Promise<R> {
  try {
    return ((await client.graphql({ query, variables: variables as never })) as GraphQLResult<R>).data;
  } catch (failure) {
    const errors = (failure as { errors?: Array<{ message: string; errorType?: string }> }).errors;
    throw new Error(errors?.map((e) => `${e.errorType ?? 'Error'}: ${e.message}`).join('; ') ?? (failure as Error).message);
  }
}

const finished = (blob: Blob | null | undefined): blob is Blob => blob?.status === 'LABELLED' || blob?.status === 'FAILED';

async function smoke(): Promise<void> {
  const outputs = await step('outputs', () => loadOutputs({ outputs: values.outputs, url: values.url, apiKey: values['api-key'], region: values.region }), (o) => `API ${o.data.url} (${o.data.aws_region})`);
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  installWebSocket(findLocalCertificate(values.ca));
  configureAmplify(outputs);
  const client = graphqlClient('apiKey');
  const bytes = new Uint8Array(await readFile(values.image));
  const contentType = detectImageType(bytes);
  if (!contentType) throw new Error(`${values.image} is neither JPEG nor PNG`);

  const plan = webhookPlan(outputs.data.url, values['callback-url']);
  let receiver: WebhookReceiver | undefined;
  if (plan.kind === 'local') receiver = await startReceiver();
  const callbackUrl = plan.kind === 'given' ? plan.url : receiver?.url;
  console.log(`smoke: webhook: ${plan.kind === 'skip' ? `skipped: ${plan.why}` : plan.kind === 'local' ? `a receiver on ${receiver!.url}` : `sent to ${plan.url} (receipt is checked through the blob's callbackDelivery)`}`);

  try {
    const created = await step('createBlob (GraphQL, API key)', () => graphql<CreateBlobResult>(client, CREATE_BLOB, { input: { contentType, callbackUrl } }), (r) => `blob ${r.createBlob.id}`);
    const { id, uploadUrl, expiresAt } = created.createBlob;

    let pushed!: (blob: Blob) => void;
    let broken!: (error: Error) => void;
    const event = new Promise<Blob>((resolve, reject) => ((pushed = resolve), (broken = reject)));
    event.catch(() => {});
    const subscription = subscribeToBlob(client, id, { onBlob: (b) => finished(b) && pushed(b), onError: broken, onDisrupted: () => console.log('smoke: the realtime socket dropped; reconnecting'), onReconnected: () => {} }, 30_000);
    try {
      await step('subscribe to onBlobLabelled (realtime websocket)', () => subscription.acknowledged, () => 'acknowledged');
      await step('upload (PUT to the presigned URL)', () => uploadWithFetch({ url: uploadUrl, bytes, contentType, expiresAt, onProgress: () => {} }), () => `${bytes.length} bytes of ${contentType}`);
      const blob = await step('onBlobLabelled event', () => within(timeoutMs, 'the labelled event', event), (b) => `status ${b.status}`);
      if (blob.status !== 'LABELLED') await step('labelling', () => Promise.reject(new Error(`the blob FAILED: ${blob.error?.code}: ${blob.error?.message}`)), () => '');
    } finally {
      subscription.stop();
    }

    if (receiver) {
      const secretFile = values['webhook-secret'];
      await step(
        'webhook',
        async () => {
          const hit = await receiver.next(id, 60_000);
          if (secretFile) verifySignature(await readFile(secretFile, 'utf8'), hit);
          return hit;
        },
        (hit) => `${hit.body.length} bytes, ${secretFile ? 'signature verified' : `signed (${String(hit.headers['webhook-id'])}; pass --webhook-secret FILE to verify)`}`,
      );
    }

    await step(
      'blob(id) query',
      async () => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const { blob } = await graphql<BlobResult>(client, BLOB, { id });
          if (!blob) throw new Error(`blob ${id} not found`);
          if (blob.status !== 'LABELLED') throw new Error(`status ${blob.status}, not LABELLED`);
          // The delivery outcome is written after the webhook is answered, so it may lag the event.
          if (!callbackUrl || blob.callbackDelivery) {
            if (callbackUrl && !blob.callbackDelivery!.delivered) throw new Error(`the webhook was not delivered: ${blob.callbackDelivery!.lastError ?? `HTTP ${blob.callbackDelivery!.lastStatusCode}`}`);
            return blob;
          }
          if (Date.now() > deadline) throw new Error('callbackDelivery was not recorded within 60 s');
          await new Promise((r) => setTimeout(r, 500));
        }
      },
      (b) => `LABELLED, ${b.labels?.length ?? 0} labels (${(b.labels ?? []).slice(0, 3).map((l) => l.name).join(', ')})${callbackUrl ? `, webhook delivered in ${b.callbackDelivery!.attempts} attempt(s)` : ''}`,
    );
  } finally {
    await receiver?.close();
  }
}

try {
  await smoke();
  console.log('smoke: passed');
  process.stdout.write('', () => process.exit(0)); // the realtime socket would keep the process alive
} catch (error) {
  if (!(error instanceof StepFailed)) console.log(`smoke: FAILED: ${(error as Error).message}`);
  process.stdout.write('', () => process.exit(1));
}
