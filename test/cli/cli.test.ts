/**
 * `blobs label` as a user runs it: a child process against the real local stack, reading
 * amplify_outputs.json from its working directory (or flags), several files at once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../cli/run-files.js';
import { startTestStack } from '../support/local-stack.js';
import { image, repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let workDir: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  stack = await startTestStack();
  receiver = await startWebhookReceiver();
  workDir = await mkdtemp(join(tmpdir(), 'blobs-cli-'));
  await writeFile(join(workDir, 'amplify_outputs.json'), JSON.stringify(stack.outputs));
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const bin = join(repoRoot, 'cli/bin.js');

/** Runs the CLI in workDir; resolves with its exit code and output whatever the code. */
async function blobs(args: string[], env: Record<string, string> = { BLOBS_CA_CERT: stack.certPath }, cwd = workDir) {
  const { code, signal, stdout, stderr } = await runProcess(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, timeoutMs: 120_000 });
  return { code: code ?? `killed by ${signal}`, stdout, stderr };
}

const byFile = (outcomes: FileOutcome[], name: string) => outcomes.find((o) => o.file.endsWith(name))!;

describe('blobs label', () => {
  it('labels several files at once, reports each failure clearly, and exits non-zero (--json)', async () => {
    const files = ['messi5.jpg', 'chelsea.png', 'not-an-image.jpg', 'truncated.jpg'].map(image);
    const { code, stdout, stderr } = await blobs(['label', '--json', '--concurrency', '4', ...files]);

    expect(code, stderr).toBe(1);
    const outcomes = JSON.parse(stdout) as FileOutcome[];
    expect(outcomes.map((o) => o.file)).toEqual(files);

    const messi = byFile(outcomes, 'messi5.jpg');
    expect(messi).toMatchObject({ ok: true, status: 'LABELLED', error: null });
    expect(messi.blobId).toMatch(/\w/);
    expect(messi.labels!.map((l) => l.name)).toEqual(expect.arrayContaining(['Person', 'Sports Ball']));
    const ball = messi.labels!.find((l) => l.name === 'Sports Ball')!;
    expect(ball.instances[0].boundingBox.width).toBeGreaterThan(0);

    const cat = byFile(outcomes, 'chelsea.png');
    expect(cat.status).toBe('LABELLED');
    expect(cat.labels!.some((l) => l.parents.includes('Animal'))).toBe(true);

    // Refused before anything is uploaded: the bytes are text.
    expect(byFile(outcomes, 'not-an-image.jpg')).toMatchObject({ ok: false, status: 'ERROR', blobId: null, labels: null, error: { code: 'NOT_AN_IMAGE' } });
    // Looks like a JPEG, so the service is asked, and it says why it failed.
    const truncated = byFile(outcomes, 'truncated.jpg');
    expect(truncated).toMatchObject({ ok: false, status: 'FAILED', labels: null, error: { code: 'INVALID_IMAGE' } });
    expect(truncated.blobId).toMatch(/\w/);

    expect(stderr).toContain(`blobs: ${image('not-an-image.jpg')}: Not an image`);
    expect(stderr).toContain(`blobs: ${image('truncated.jpg')}: ${truncated.error!.message}`);
    expect(stderr).not.toContain(`blobs: ${image('messi5.jpg')}:`);
  });

  it('prints a table and exits 0 when every file is labelled; --url/--api-key and --callback', async () => {
    const { code, stdout, stderr } = await blobs(
      ['label', '--url', stack.graphqlUrl, '--api-key', stack.apiKey, '--region', stack.region, '--ca', stack.certPath, '--callback', receiver.url(), image('horse.png'), image('coffee.png')],
      {},
      tmpdir(), // no amplify_outputs.json here: the flags are enough
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^FILE\s+STATUS\s+LABELS \/ ERROR$/m);
    expect(stdout).toMatch(new RegExp(`^${image('horse.png')}\\s+LABELLED\\s+.*Horse \\d+\\.\\d%`, 'm'));
    expect(stdout).toMatch(new RegExp(`^${image('coffee.png')}\\s+LABELLED\\s+.*Cup \\d+\\.\\d%`, 'm'));
    expect(stdout).toContain('2 labelled, 0 failed');
    expect(stderr).toContain(`${image('horse.png')}: uploaded`);
    await receiver.waitFor((all) => all.length >= 2);
    expect(receiver.received.map((h) => JSON.parse(h.body).status)).toEqual(['LABELLED', 'LABELLED']);
  });

  it('says where to get amplify_outputs.json when there is none, with exit code 2', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'blobs-cli-empty-'));
    try {
      const { code, stdout, stderr } = await blobs(['label', image('horse.png')], {}, empty);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`blobs: no ${join(empty, 'amplify_outputs.json')}: start the local stack with \`npm start\``);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('refuses a bad --concurrency before doing anything, with exit code 2', async () => {
    const { code, stderr } = await blobs(['label', '--concurrency', '0', image('horse.png')]);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--concurrency <n>' argument '0' is invalid. must be a whole number ≥ 1");
  });
});

describe('blobs label --features', () => {
  it('asks only for the named features and prints a table per feature', async () => {
    // Text the test makes itself, large and plain, so the reader has no excuse.
    const textImage = join(workDir, 'sign.png');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200"><rect width="100%" height="100%" fill="white"/><text x="30" y="120" font-family="DejaVu Sans, sans-serif" font-size="64" fill="black">OPEN DAILY</text></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(textImage);

    const { code, stdout, stderr } = await blobs(['label', '--features', 'text,image-properties', textImage]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/sign\.png\s+LABELLED\s+\(labels not asked for\)/);
    expect(stdout).toMatch(/^TEXT \(lines\)$/m);
    expect(stdout).toMatch(/^sign\.png\s+\d+\.\d%\s+OPEN DAILY$/m);
    expect(stdout).toMatch(/^IMAGE PROPERTIES$/m);
    expect(stdout).toMatch(/^sign\.png\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+#[0-9a-f]{6} /im);
    expect(stdout).not.toMatch(/^FACES$|^MODERATION$/m);
  });

  it('--json carries what was asked and each result, as the API gives them', async () => {
    const { code, stdout, stderr } = await blobs(['label', '--json', '--features', 'labels,faces', '--min-confidence', '60', image('messi5.jpg')]);
    expect(code, stderr).toBe(0);
    const [messi] = JSON.parse(stdout) as FileOutcome[];
    expect(messi).toMatchObject({ ok: true, features: ['LABELS', 'FACES'], featureErrors: [], imageProperties: null, text: null, moderationLabels: null });
    expect(messi.labels!.every((l) => l.confidence >= 60)).toBe(true);
    expect(messi.faces!.length).toBeGreaterThan(0);
    expect(messi.faces![0].boundingBox.width).toBeGreaterThan(0);
  });

  it('refuses an unknown feature before doing anything, with exit code 2', async () => {
    const { code, stderr } = await blobs(['label', '--features', 'labels,colours', image('horse.png')]);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a comma-separated list of labels, image-properties, text, faces, moderation (or all); got "labels,colours"');
  });
});
