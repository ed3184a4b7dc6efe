/**
 * `npm run bench`: every figure checked against a target is a ratio against a baseline measured
 * in the same invocation, on loopback only; machine figures (start time, memory) are reported with
 * the machine. Writes bench/results.json, bench/chart.png and the table in BENCHMARKS.md.
 * Bounded: each load run is 10 s after a 2 s warm-up; the whole run takes a few minutes.
 * `--quick` halves the durations (for trying changes; don't commit its numbers); `--only=a,b`
 * runs the named suites (the keys below) and replaces only their figures in the files: every
 * figure keeps the time of the run that measured it, shown in its row.
 *
 * Adding a suite: write bench/suites/<name>.ts returning `metric(…)` pairs (targets in
 * bench/lib/metrics.ts), and add one entry to `suites` (with `stack` if it needs the local stack).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ora from 'ora';

// Before the stack's modules load: keep the handlers' INFO logs and resolver console out of the table.
process.env.LOG_LEVEL ??= 'ERROR';
process.env.BLOBS_RESOLVER_LOGS ??= 'off';
// As `npm start` runs the engine (local/main.ts): graphql-js without its development-only checks.
process.env.NODE_ENV ??= 'production';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

async function main() {
  const { benchDir, repoRoot } = await import('./lib/paths.js');
  const { engineHttpSuite } = await import('./suites/engine-http.js');
  const { blobQuerySuite } = await import('./suites/blob-query.js');
  const { userPoolSuite } = await import('./suites/user-pool.js');
  const { lambdaAuthSuite } = await import('./suites/lambda-auth.js');
  const { ownerQueriesSuite } = await import('./suites/owner-queries.js');
  const { fanoutSuite } = await import('./suites/fanout.js');
  const { searchSuite } = await import('./suites/search.js');
  const { e2eSuite } = await import('./suites/e2e.js');
  const { startupSuite } = await import('./suites/startup.js');
  const { labellingIamSuite } = await import('./suites/labelling-iam.js');
  const { cliSuite } = await import('./suites/cli.js');
  const { rekognitionFeaturesSuite } = await import('./suites/rekognition-features.js');
  const { moderationRuntimesSuite } = await import('./suites/moderation-runtimes.js');
  const { labellerRuntimesSuite } = await import('./suites/labeller-runtimes.js');
  const { gallerySuite } = await import('./suites/gallery.js');
  const { pacedSuite } = await import('./suites/paced.js');
  const { labelFolderSuite } = await import('./suites/label-folder.js');
  const { startBenchStack } = await import('./lib/stack.js');
  const { renderChart } = await import('./report/chart.js');
  const { writeBenchmarksMd } = await import('./report/markdown.js');
  const { isChecked, meets } = await import('./lib/metrics.js');
  type Metric = import('./lib/metrics.js').Metric;

  const durationSeconds = quick ? 5 : 10;
  // Other work on the machine moves machine times and, less, ratios: say how busy it was.
  const loadAtStart = loadavg()[0];
  const startedAt = performance.now();
  const spinner = ora({ text: 'Starting…', isEnabled: process.stdout.isTTY === true }).start();
  let section = '';
  const step = (text: string) => {
    spinner.text = `${section}: ${text}`;
    if (!spinner.isEnabled) console.log(`  ${section}: ${text}`);
  };
  const metrics: Record<string, Metric> = {};
  const want = (name: string) => !only || only.includes(name);
  const record = (pairs: Array<[string, Metric]>) => {
    for (const [name, m] of pairs) {
      metrics[name] = m;
      const line = `${name} = ${m.value} ${m.unit === 'ratio' ? '×' : m.unit} ${isChecked(m) ? `(target ${m.target.op} ${m.target.value})` : '(reported, not checked)'}`;
      if (!spinner.isEnabled) {
        console.log(`${meets(m) ? '✔' : '✘'} ${line}`);
        continue;
      }
      spinner.stopAndPersist({ symbol: meets(m) ? '✔' : '✘', text: line });
      spinner.start();
    }
  };

  // A suite that fails is reported and the others still run: one flaky port should not cost the run.
  const errors: Record<string, string> = {};
  const section_ = async (name: string, run: () => Promise<void>) => {
    section = name;
    try {
      await run();
    } catch (error) {
      errors[name] = (error as Error).message;
      spinner.fail(`${name}: ${(error as Error).stack ?? String(error)}`);
      spinner.start();
    }
  };
  type Stack = Awaited<ReturnType<typeof startBenchStack>>;
  type Figures = Promise<Array<[string, Metric]>>;
  /** `stack: true`: runs against the one local stack that every such suite shares. */
  type Suite = { key: string; title: string } & ({ stack: true; run: (stack: Stack) => Figures } | { stack?: undefined; run: () => Figures });
  const suites: Suite[] = [
    { key: 'engine', title: 'Engine vs node:http vs simulator', run: () => engineHttpSuite(step, { durationSeconds }) },
    { key: 'query', stack: true, title: 'blob(id) vs GetItem', run: (stack) => blobQuerySuite(step, stack, { durationSeconds }) },
    { key: 'userpool', stack: true, title: 'blob(id): user-pool token vs API key', run: (stack) => userPoolSuite(step, stack, { durationSeconds }) },
    { key: 'lambda', stack: true, title: 'blob(id): access token (Lambda authorizer) vs API key', run: (stack) => lambdaAuthSuite(step, stack, { durationSeconds }) },
    { key: 'owner', stack: true, title: 'Signed-in myBlobs and blob(id) vs Query and GetItem', run: (stack) => ownerQueriesSuite(step, stack, { durationSeconds }) },
    { key: 'search', stack: true, title: 'searchBlobs vs a bare Query of the label index', run: (stack) => searchSuite(step, stack, { durationSeconds }) },
    { key: 'fanout', stack: true, title: 'Fan-out to 1,000 sockets', run: (stack) => fanoutSuite(step, stack, { rounds: quick ? 10 : 20 }) },
    { key: 'gallery', stack: true, title: 'Gallery page: thumbnails vs full images', run: (stack) => gallerySuite(step, stack) },
    { key: 'e2e', stack: true, title: 'Labeller and end to end', run: (stack) => e2eSuite(step, stack, { passes: quick ? 1 : 3 }) },
    { key: 'start', title: 'npm start', run: () => startupSuite(step) },
    { key: 'labelling-iam', title: 'Labelling with IAM enforced vs off', run: () => labellingIamSuite(step, { passes: quick ? 1 : 3 }) },
    { key: 'cli', title: 'blobs --help vs node', run: () => cliSuite(step, { runs: quick ? 10 : 20 }) },
    { key: 'features', title: 'Offline Rekognition per feature', run: () => rekognitionFeaturesSuite(step, { passes: quick ? 1 : 2 }) },
    { key: 'moderation', title: 'DetectModerationLabels: onnxruntime-node vs tfjs-wasm', run: () => moderationRuntimesSuite(step, { passes: quick ? 1 : 3 }) },
    { key: 'labeller', title: 'DetectLabels: onnxruntime-node vs tfjs-wasm', run: () => labellerRuntimesSuite(step, { passes: quick ? 1 : 3 }) },
    { key: 'label-folder', title: 'blobs label on 100 photos: native vs wasm', run: () => labelFolderSuite(step) },
    { key: 'paced', title: 'Labelling paced to a throttled Rekognition', run: () => pacedSuite(step, { tps: 5, blobs: quick ? 250 : 500 }) },
  ];
  const chosen = suites.filter((s) => want(s.key));
  // In the order listed; the stack starts before the first suite that needs it and stops after the last.
  const lastOnStack = chosen.findLast((s) => s.stack);
  let stack: Stack | undefined;
  try {
    for (const suite of chosen) {
      if (!suite.stack) {
        await section_(suite.title, async () => record(await suite.run()));
        continue;
      }
      if (!stack) {
        section = 'Local stack';
        step('starting…');
        stack = await startBenchStack();
      }
      const running = stack;
      await section_(suite.title, async () => record(await suite.run(running)));
      if (suite === lastOnStack) await stack.close().finally(() => (stack = undefined));
    }
  } finally {
    await stack?.close();
  }
  spinner.stop();

  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = cpus();
  const load = `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${process.platform}, ${load}`;
  const generatedAt = new Date().toISOString();
  for (const m of Object.values(metrics)) m.measuredAt = generatedAt;
  // --only: the other suites' figures stay as their own runs measured them.
  const kept = only ? await readPreviousMetrics(join(benchDir, 'results.json')) : {};
  const results = { generatedAt, machine, seconds: Math.round(seconds), quick, metrics: { ...kept, ...metrics }, errors };
  await writeFile(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await renderChart(results.metrics, `${generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${machine}`, join(benchDir, 'chart.png'));
  await writeBenchmarksMd(join(repoRoot, 'BENCHMARKS.md'), results.metrics, { generatedAt, machine, seconds });
  const checked = Object.values(metrics).filter(isChecked);
  console.log(`\n${checked.filter(meets).length}/${checked.length} targets met in ${Math.round(seconds)} s. Wrote bench/results.json, bench/chart.png, BENCHMARKS.md.`);
  for (const [name, message] of Object.entries(errors)) console.error(`Failed: ${name}: ${message}`);
  // Worker threads and keep-alive sockets of the stand-ins may linger; the run is over.
  process.exit(Object.keys(errors).length ? 1 : 0);
}

/** The figures of the last results.json, each stamped with its run (older files: the file's own time). */
async function readPreviousMetrics(file: string): Promise<Record<string, import('./lib/metrics.js').Metric>> {
  const previous = await readFile(file, 'utf8').then((text) => JSON.parse(text) as { generatedAt: string; metrics: Record<string, import('./lib/metrics.js').Metric> }, () => undefined);
  if (!previous) return {};
  for (const m of Object.values(previous.metrics)) m.measuredAt ??= previous.generatedAt;
  return previous.metrics;
}

await main();
