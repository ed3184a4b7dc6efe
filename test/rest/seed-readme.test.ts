/**
 * The seed's README, run almost verbatim against `npm start` (a separate process, as a user
 * starts it) with curl itself. The one change a migrating user makes: an `x-api-key` header.
 * POST /blobs with a callback_url → `curl --location --request PUT … --data-binary @file` to the
 * upload_url → GET /blobs/{blob_id} until labelled; the callback arrives in the seed's shape.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { spawnStack, type StackProcess } from '../support/stack-process.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

let dataDir: string;
let stack: StackProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-seed-readme-'));
  receiver = await startWebhookReceiver();
  stack = await spawnStack({ dataDir });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** curl as a shell runs it; stdout is the response body (-s: no progress meter). */
async function curl(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runProcess('curl', ['-s', '--show-error', '--fail-with-body', ...args]);
  if (code !== 0) throw new Error(`curl ${args.join(' ')} exited ${code}: ${stderr}${stdout}`);
  return stdout;
}

it("the seed README's commands work against npm start with one x-api-key header added", async () => {
  const api = stack.outputs.custom!.rest_api_url!;
  const key = `x-api-key: ${stack.apiKey}`;
  const callbackUrl = receiver.url('/your_callback_url');

  // Get image pre-signed upload URL
  const created = JSON.parse(await curl('-H', 'Content-Type: application/json', '-H', key, '-X', 'POST', '-d', JSON.stringify({ callback_url: callbackUrl }), `${api}/blobs`));
  expect(created).toEqual({ blob_id: expect.stringMatching(/^[0-9a-f-]{36}$/), callback_url: callbackUrl, upload_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) });

  // Upload a file to the URL
  await curl('--location', '--request', 'PUT', created.upload_url, '--header', 'Content-Type: image/jpeg', '--data-binary', `@${image('messi5.jpg')}`);

  // Response API for GET requests, until the labels are there
  let got = JSON.parse(await curl('-H', 'Content-Type: application/json', '-H', key, '-X', 'GET', `${api}/blobs/${created.blob_id}`));
  for (const deadline = Date.now() + 120_000; got.status !== 'LABELLED' && got.status !== 'FAILED'; ) {
    if (Date.now() > deadline) throw new Error(`still ${got.status} after 120 s`);
    await new Promise((r) => setTimeout(r, 250));
    got = JSON.parse(await curl('-H', 'Content-Type: application/json', '-H', key, '-X', 'GET', `${api}/blobs/${created.blob_id}`));
  }
  expect(got).toMatchObject({ blob_id: created.blob_id, status: 'LABELLED' });
  expect(got.labels.map((l: { label: string }) => l.label)).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
  for (const label of got.labels) expect(Object.keys(label).sort()).toEqual(['confidence', 'label', 'parents']);

  // The callback, in the seed's shape: what GET answers.
  await receiver.waitFor((all) => all.length >= 1, 60_000);
  expect(receiver.received[0].path).toBe('/your_callback_url');
  expect(JSON.parse(receiver.received[0].body)).toEqual(got);
});

it('without the key, the POST is refused as API Gateway refuses it', async () => {
  const api = stack.outputs.custom!.rest_api_url!;
  const refused = await runProcess('curl', ['-s', '-o', '-', '-w', '\n%{http_code}', '-H', 'Content-Type: application/json', '-X', 'POST', '-d', '{}', `${api}/blobs`]);
  expect(refused.stdout).toBe('{"message":"Forbidden"}\n403');
});
