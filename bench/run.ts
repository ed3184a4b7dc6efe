/**
 * `npm run bench`: every figure of issue 7, each a ratio against a baseline measured in the same
 * invocation, on loopback only. Writes bench/results.json, bench/chart.png and the table in
 * BENCHMARKS.md. Bounded: each load run is 10 s after a 2 s warm-up; the whole run takes a few
 * minutes. `--quick` halves the durations (for trying changes; don't commit its numbers).
 */
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
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
  const { fanoutSuite } = await import('./suites/fanout.js');
  const { e2eSuite } = await import('./suites/e2e.js');
  const { startupSuite } = await import('./suites/startup.js');
  const { startBenchStack } = await import('./lib/stack.js');
  const { renderChart } = await import('./report/chart.js');
  const { writeBenchmarksMd } = await import('./report/markdown.js');
  const { meets } = await import('./lib/metrics.js');
  type Metric = import('./lib/metrics.js').Metric;

  const durationSeconds = quick ? 5 : 10;
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
      const line = `${name} = ${m.value} ${m.unit === 'ratio' ? '×' : m.unit} (target ${m.target.op} ${m.target.value})`;
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
  if (want('engine')) await section_('Engine vs node:http vs simulator', async () => record(await engineHttpSuite(step, { durationSeconds })));
  if (want('stack')) {
    section = 'Local stack';
    step('starting…');
    const stack = await startBenchStack();
    try {
      await section_('blob(id) vs GetItem', async () => record(await blobQuerySuite(step, stack, { durationSeconds })));
      await section_('Fan-out to 1,000 sockets', async () => record(await fanoutSuite(step, stack, { rounds: quick ? 10 : 20 })));
      await section_('Labeller and end to end', async () => record(await e2eSuite(step, stack, { passes: quick ? 1 : 3 })));
    } finally {
      await stack.close();
    }
  }
  if (want('start')) await section_('npm start', async () => record(await startupSuite(step)));
  spinner.stop();

  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${process.platform}`;
  const generatedAt = new Date().toISOString();
  const results = { generatedAt, machine, seconds: Math.round(seconds), quick, metrics, errors };
  await writeFile(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await renderChart(metrics, `${generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${machine}`, join(benchDir, 'chart.png'));
  await writeBenchmarksMd(join(repoRoot, 'BENCHMARKS.md'), metrics, { generatedAt, machine, seconds });
  const met = Object.values(metrics).filter(meets).length;
  console.log(`\n${met}/${Object.keys(metrics).length} targets met in ${Math.round(seconds)} s. Wrote bench/results.json, bench/chart.png, BENCHMARKS.md.`);
  for (const [name, message] of Object.entries(errors)) console.error(`Failed: ${name}: ${message}`);
  // Worker threads and keep-alive sockets of the stand-ins may linger; the run is over.
  process.exit(Object.keys(errors).length ? 1 : 0);
}

await main();
