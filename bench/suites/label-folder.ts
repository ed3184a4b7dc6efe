/**
 * What a user waits for: `blobs label` on a folder of 100 photos against a fresh local stack, on
 * each runtime of the offline Rekognition's models (BLOBS_LABELLER_RUNTIME: wasm, the path before
 * issue 21, and native), spawn → exit of the built CLI, twice each. Machine times, reported with the machine;
 * their ratio is the speed-up a user sees. The stacks run a template synthesized with
 * `rekognitionTps` 10,000: at the default of 5, the labeller paces its Rekognition calls to 5 a
 * second (issue 23), so 100 photos take 20 s on any runtime and the figure would measure the
 * quota, not the models. The photos are the shared test photos, each cropped
 * differently 14 or 15 times and scaled to 640 px, so no two are the same file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { configFromEnv } from '../../local/config.js';
import { loadTemplate } from '../../local/template/cache.js';
import { buildCli } from '../../scripts/build-cli.js';
import { benchImages, IMAGE_EDGE_PX } from '../lib/images.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { repoRoot } from '../lib/paths.js';
import { startBenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';

const PHOTOS = 100;
/** rekognitionTps's largest value (infra/settings.ts): no pacing a 2-core machine can reach. */
const UNPACED_TPS = 10_000;
/** As `npm start` runs them with nothing configured. */
const WORKERS = configFromEnv({}, repoRoot).labellerWorkers;

async function writeFolder(dir: string): Promise<string[]> {
  const sources = await benchImages();
  const files: string[] = [];
  for (let i = 0; i < PHOTOS; i++) {
    const source = sources[i % sources.length];
    // A different crop of the same photo each time: 70-98 % of each side, from a different corner.
    const share = 0.7 + ((i * 7) % 29) / 100;
    const width = Math.round(source.width * share);
    const height = Math.round(source.height * share);
    const left = (i % 2) * (source.width - width);
    const top = (Math.floor(i / 2) % 2) * (source.height - height);
    const bytes = await sharp(source.bytes).extract({ left, top, width, height }).resize({ width: IMAGE_EDGE_PX, height: IMAGE_EDGE_PX, fit: 'inside' }).jpeg({ quality: 85 }).toBuffer();
    const file = join(dir, `photo-${String(i).padStart(3, '0')}.jpg`);
    await writeFile(file, bytes);
    files.push(file);
  }
  return files;
}

function labelFolder(files: string[], stack: { graphqlUrl: string; apiKey: string; region: string; certPath: string }): Promise<{ ms: number; labelled: number }> {
  const args = [join(repoRoot, 'cli/bin.js'), 'label', ...files, '--json', '--url', stack.graphqlUrl, '--api-key', stack.apiKey, '--region', stack.region];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { cwd: repoRoot, maxBuffer: 64 * 2 ** 20, env: { ...process.env, BLOBS_CA_CERT: stack.certPath } }, (error, stdout, stderr) => {
      const ms = performance.now() - t0;
      if (error) return reject(new Error(`blobs label failed: ${stderr || error.message}`));
      const results = JSON.parse(stdout) as Array<{ status?: string }>;
      resolve({ ms, labelled: results.filter((r) => r.status === 'LABELLED').length });
    });
  });
}

export async function labelFolderSuite(step: Step) {
  step('building the CLI and writing 100 photos…');
  await buildCli();
  const dir = await mkdtemp(join(tmpdir(), 'blobs-bench-folder-'));
  try {
    const files = await writeFolder(dir);
    // Both stacks up at once and the runs in the order wasm, native, native, wasm: a busy spell
    // on the machine then weighs on both runtimes alike.
    step(`starting a stack per runtime (${WORKERS} model workers each, as npm start)…`);
    step('synthesizing the template with the Rekognition pace out of the way…');
    const { file: templateFile } = await loadTemplate({ rootDir: repoRoot, context: { rekognitionTps: String(UNPACED_TPS) } });
    const stackOf = (labellerRuntime: 'wasm' | 'native') => startBenchStack({ labellerRuntime, labellerWorkers: WORKERS, templateFile });
    const stacks = { wasm: await stackOf('wasm'), native: await stackOf('native') };
    const seconds = { wasm: 0, native: 0 };
    try {
      for (const [i, runtime] of (['wasm', 'native', 'native', 'wasm'] as const).entries()) {
        step(`run ${i + 1}/4, ${runtime}: blobs label on ${PHOTOS} photos…`);
        const run = await labelFolder(files, stacks[runtime]);
        if (run.labelled !== PHOTOS) throw new Error(`${runtime}: ${run.labelled} of ${PHOTOS} photos LABELLED`);
        seconds[runtime] += run.ms / 1000 / 2;
      }
    } finally {
      await Promise.all([stacks.wasm.close(), stacks.native.close()]);
    }
    const detail = { photos: PHOTOS, edge_px: IMAGE_EDGE_PX, workers: WORKERS, rekognition_tps: UNPACED_TPS, ...thisMachine() };
    return [
      metric('label_folder_wasm_s', round(seconds.wasm, 1), 's', '`blobs label` on 100 photos, spawn → exit, mean of two runs, models on tfjs-wasm (BLOBS_LABELLER_RUNTIME=wasm: the path before issue 21)', detail),
      metric('label_folder_native_s', round(seconds.native, 1), 's', '`blobs label` on the same 100 photos, mean of two runs, models on onnxruntime-node (the default)', detail),
      metric('label_folder_native_speedup', round(seconds.wasm / seconds.native, 2), 'ratio', 'label_folder_wasm_s ÷ label_folder_native_s, same run', detail),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
