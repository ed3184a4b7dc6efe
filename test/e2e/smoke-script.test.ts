/**
 * `npm run smoke` against a running local stack, as a user would run it after `npm start`: the
 * whole flow passes, step by step, with the webhook received and its signature verified; a
 * wrong API key stops it at createBlob with exit 1; the webhook is skipped, with a note, for an
 * API this machine's receiver cannot be reached from.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPlan } from '../../scripts/smoke-webhook.js';
import { startTestStack } from '../support/local-stack.js';
import { repoRoot } from '../support/paths.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let outputsFile: string;
let secretFile: string;

let outputsDir: string;

beforeAll(async () => {
  outputsDir = await mkdtemp(join(tmpdir(), 'blobs-smoke-'));
  outputsFile = join(outputsDir, 'amplify_outputs.json');
  stack = await startTestStack({ writeOutputsTo: outputsFile });
  secretFile = join(stack.dataDir, 'smoke-webhook-secret');
  await writeFile(secretFile, stack.webhookSecret);
});

afterAll(async () => {
  await stack?.close();
  await rm(outputsDir, { recursive: true, force: true });
});

async function smoke(args: string[]): Promise<{ code: number; stdout: string }> {
  // The GraphQL port's TLS side (the realtime socket) has the stack's own certificate.
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: stack.certPath, BLOBS_CA_CERT: stack.certPath };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/smoke.ts', ...args], { cwd: repoRoot, env });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: `${e.stdout}${e.stderr}` };
  }
}

it('runs the whole flow against the local stack', async () => {
  const { code, stdout } = await smoke(['--outputs', outputsFile, '--webhook-secret', secretFile]);
  expect(stdout).toMatch(/^smoke: 1\. outputs: ok, API http/m);
  for (const line of [
    /^smoke: webhook: a receiver on http:\/\/127\.0\.0\.1:\d+\/smoke-webhook$/m,
    /^smoke: 2\. createBlob \(GraphQL, API key\): ok, blob \S+/m,
    /^smoke: 3\. subscribe to onBlobLabelled \(realtime websocket\): ok, acknowledged/m,
    /^smoke: 4\. upload \(PUT to the presigned URL\): ok, \d+ bytes of image\/png/m,
    /^smoke: 5\. onBlobLabelled event: ok, status LABELLED/m,
    /^smoke: 6\. webhook: ok, \d+ bytes, signature verified/m,
    /^smoke: 7\. blob\(id\) query: ok, LABELLED, [1-9]\d* labels .*, webhook delivered in 1 attempt\(s\)/m,
    /^smoke: passed$/m,
  ]) {
    expect(stdout).toMatch(line);
  }
  expect(code).toBe(0);
});

it('stops at createBlob, exit 1, when the API key is wrong', async () => {
  const outputs = JSON.parse(await readFile(outputsFile, 'utf8')) as { data: { api_key: string } };
  outputs.data.api_key = 'da2-not-the-key';
  const badFile = join(stack.dataDir, 'bad-outputs.json');
  await writeFile(badFile, JSON.stringify(outputs));
  const { code, stdout } = await smoke(['--outputs', badFile]);
  expect(stdout).toMatch(/^smoke: 2\. createBlob \(GraphQL, API key\): FAILED: /m);
  expect(stdout).not.toMatch(/^smoke: 3\./m);
  expect(code).toBe(1);
});

describe('where the webhook goes', () => {
  it('to a receiver here for an API on loopback', () => {
    expect(webhookPlan('http://localhost:4000/graphql', undefined)).toEqual({ kind: 'local' });
    expect(webhookPlan('https://127.0.0.1:4000/graphql', undefined)).toEqual({ kind: 'local' });
  });

  it('nowhere, with the reason, for a deployed API without --callback-url', () => {
    expect(webhookPlan('https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', undefined)).toEqual({
      kind: 'skip',
      why: 'the API at abc.appsync-api.eu-west-1.amazonaws.com cannot reach a receiver on this machine; pass --callback-url URL (a public endpoint you watch) to include the webhook',
    });
  });

  it('to the --callback-url given', () => {
    expect(webhookPlan('https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', 'https://hooks.example.com/x')).toEqual({ kind: 'given', url: 'https://hooks.example.com/x' });
  });
});
