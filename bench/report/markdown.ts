/**
 * Writes the results table into BENCHMARKS.md between two markers, keeping everything else in the
 * file (the hand-written analysis) as it is. Creates the file if it does not exist.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isChecked, meets, type Metric } from '../lib/metrics.js';
import { formatValue } from './chart.js';

const START = '<!-- bench:results:start (written by npm run bench) -->';
const END = '<!-- bench:results:end -->';

export interface RunInfo {
  generatedAt: string;
  machine: string;
  seconds: number;
}

function table(metrics: Record<string, Metric>, run: RunInfo): string {
  const rows = Object.entries(metrics).map(([name, m]) => {
    const detail = Object.entries(m.detail)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const target = isChecked(m) ? `${m.target.op === '>=' ? '≥' : '≤'} ${m.target.value}` : 'reported';
    const measured = m.measuredAt ? m.measuredAt.slice(0, 16).replace('T', ' ') : run.generatedAt.slice(0, 16).replace('T', ' ');
    return `| \`${name}\` | **${formatValue(m)}** | ${target} | ${isChecked(m) ? (meets(m) ? '✅' : '❌') : '—'} | ${measured} | ${m.formula} | ${detail} |`;
  });
  return [
    START,
    `Last run: ${run.generatedAt} on ${run.machine}; took ${Math.round(run.seconds)} s. Checked figures are ratios to a baseline of the same run (idle memory: a ceiling); "reported" figures are machine times, shown with the machine and not checked. "Measured" is the run each figure comes from (UTC): \`--only\` runs replace only their own.`,
    '',
    '| figure | value | target | met | measured | how | measurements |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '![Each figure against its target](bench/chart.png)',
    END,
  ].join('\n');
}

export async function writeBenchmarksMd(file: string, metrics: Record<string, Metric>, run: RunInfo): Promise<void> {
  const block = table(metrics, run);
  const current = existsSync(file) ? await readFile(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next = start === -1 || end === -1 ? `${current.trimEnd()}\n\n${block}\n` : `${current.slice(0, start)}${block}${current.slice(end + END.length)}`;
  await writeFile(file, next);
}
