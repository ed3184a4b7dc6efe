/**
 * cli_help_vs_node: how much of `blobs --help` is more than starting Node. The two commands run
 * alternately (so a busy spell on the machine hits both), each as a fresh process from spawn to
 * exit, and the medians are compared.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build-cli.js';
import { metric, type Step } from '../lib/metrics.js';
import { repoRoot } from '../lib/paths.js';
import { median, round } from '../lib/stats.js';

function timedRun(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { cwd: repoRoot }, (error) => (error ? reject(error) : resolve(performance.now() - t0)));
  });
}

export async function cliSuite(step: Step, o: { runs: number }) {
  step('building the CLI…');
  await buildCli();
  const help = [join(repoRoot, 'cli/bin.js'), '--help'];
  const bare = ['-e', '0'];
  await timedRun(help); // warm the file cache
  const helpTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let run = 1; run <= o.runs; run++) {
    step(`blobs --help and node -e 0, run ${run}/${o.runs}…`);
    nodeTimes.push(await timedRun(bare));
    helpTimes.push(await timedRun(help));
  }
  return [
    metric('cli_help_vs_node', round(median(helpTimes) / median(nodeTimes), 2), 'ratio', '`blobs --help` ÷ `node -e 0`, median wall time spawn → exit, run alternately', {
      help_p50_ms: round(median(helpTimes), 1),
      node_p50_ms: round(median(nodeTimes), 1),
      runs: o.runs,
    }),
  ];
}
