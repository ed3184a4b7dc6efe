/**
 * HTTP load with autocannon, run as its own process so the load generator never shares an event
 * loop with the server it measures. Every measured run is preceded by a short unmeasured warm-up.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
  warmupSeconds?: number;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers plus socket errors and timeouts: a run with any is not a valid measurement. */
  failures: number;
}

async function autocannon(o: LoadOptions, seconds: number): Promise<LoadResult> {
  const args = [autocannonCli, '-j', '-c', String(o.connections ?? 32), '-d', String(seconds), '-m', 'POST', '-b', o.body];
  for (const [name, value] of Object.entries(o.headers)) args.push('-H', `${name}=${value}`);
  args.push(o.url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const report = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    rps: report.requests.average,
    p50Ms: report.latency.p50,
    p99Ms: report.latency.p99,
    requests: report.requests.total,
    failures: report.non2xx + report.errors + report.timeouts,
  };
}

export async function measureLoad(o: LoadOptions): Promise<LoadResult> {
  if ((o.warmupSeconds ?? 2) > 0) await autocannon(o, o.warmupSeconds ?? 2);
  const result = await autocannon(o, o.durationSeconds ?? 10);
  if (result.failures > 0) throw new Error(`${o.url}: ${result.failures} failed requests out of ${result.requests}`);
  return result;
}
