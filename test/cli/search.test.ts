/**
 * `blobs search` and `blobs labels` as a user runs them: the built CLI in a child process against
 * the real local stack, signed in with `blobs login`, over blobs labelled through the real flow
 * with labels the test chooses (the Rekognition proxy answers DetectLabels).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chosenLabels } from '../support/labelled-blobs.js';
import { startTestStack } from '../support/local-stack.js';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { waitFor } from '../support/wait.js';
import { createConfirmedUser } from '../support/confirmed-user.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
let workDir: string;
const PASSWORD = 'Correct-Horse-9';
const carol = `carol-${process.pid}@example.com`;
const made: Record<'dogAndCat' | 'dog' | 'cat', string[]> = { dogAndCat: [], dog: [], cat: [] };

const blobs = (args: string[], input = '') =>
  runProcess(process.execPath, [join(repoRoot, 'cli/bin.js'), ...args], { cwd: workDir, env: { ...process.env, BLOBS_CONFIG_DIR: join(workDir, 'config'), BLOBS_CA_CERT: stack.certPath }, input });

beforeAll(async () => {
  proxy = await startRekognitionProxy();
  stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url });
  proxy.forwardTo(stack.rekognitionEndpoint);
  workDir = await mkdtemp(join(tmpdir(), 'blobs-cli-search-'));
  await writeFile(join(workDir, 'amplify_outputs.json'), JSON.stringify(stack.outputs));
  await createConfirmedUser(stack, carol, PASSWORD);
  expect((await blobs(['login', '--email', carol, '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
  // Carol's blobs, made with the id token `blobs login` stored (the CLI's own session).
  const items = JSON.parse(await readFile(join(workDir, 'config', 'session.json'), 'utf8')) as Record<string, string>;
  const token = Object.entries(items).find(([key]) => key.endsWith('.idToken'))![1];
  const call = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const { labelledBlob } = chosenLabels(proxy);
  const dog = { name: 'Dog', confidence: 90, parents: ['Animal'] };
  const cat = { name: 'Cat', confidence: 60, parents: ['Animal'] };
  for (let i = 0; i < 2; i++) made.dogAndCat.push((await labelledBlob(call, [dog, cat])).id);
  for (let i = 0; i < 3; i++) made.dog.push((await labelledBlob(call, [dog])).id);
  made.cat.push((await labelledBlob(call, [cat])).id);
  await waitFor(() => (stack.pendingEvents() === 0 ? true : undefined), { what: 'all S3 events handled' });
}, 180_000);
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const idsOf = (stdout: string) => (JSON.parse(stdout) as { items: Array<{ id: string }> }).items.map((b) => b.id).sort();

it('finds images with all the labels, any of them (--any), above a confidence, as JSON', async () => {
  const all = await blobs(['search', 'dog', 'CAT', '--json']);
  expect(all.code).toBe(0);
  expect(idsOf(all.stdout)).toEqual([...made.dogAndCat].sort());
  const any = await blobs(['search', 'dog', 'cat', '--any', '--json']);
  expect(idsOf(any.stdout)).toEqual([...made.dogAndCat, ...made.dog, ...made.cat].sort());
  const confident = await blobs(['search', 'animal', '--min-confidence', '80', '--json']);
  expect(idsOf(confident.stdout)).toEqual([...made.dogAndCat, ...made.dog].sort());
  const paged = await blobs(['search', 'animal', '--all', '--limit', '2', '--json']);
  expect(idsOf(paged.stdout)).toEqual([...made.dogAndCat, ...made.dog, ...made.cat].sort());
});

it('prints a table, says when nothing matched, and refuses a bad --min-confidence before calling', async () => {
  const table = await blobs(['search', 'cat']);
  expect(table.code).toBe(0);
  for (const id of [...made.dogAndCat, ...made.cat]) expect(table.stdout).toContain(id);
  expect(table.stdout).not.toContain(made.dog[0]);
  const none = await blobs(['search', 'giraffe', '--any']);
  expect(none).toMatchObject({ code: 0, stdout: 'No images of yours with any of: giraffe.\n' });
  const bad = await blobs(['search', 'dog', '--min-confidence', '120']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/min-confidence/);
});

it('blobs labels: the labels with their counts, most frequent first', async () => {
  const json = await blobs(['labels', '--json']);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual([
    { name: 'Animal', count: 6 },
    { name: 'Dog', count: 5 },
    { name: 'Cat', count: 3 },
  ]);
  const table = await blobs(['labels', '--limit', '2']);
  expect(table.stdout.split('\n').filter(Boolean)).toEqual(['LABEL   IMAGES', 'Animal  6', 'Dog     5']);
});
