/** `blobs labels [--limit N] [--json]`: the signed-in user's labels with how many images carry each. */
import { EXIT, type ExitCode } from '../exit.js';
import type { ApiFlags } from '../outputs.js';
import { runSignedIn } from '../signed-in-command.js';

export interface LabelsFlags extends Pick<ApiFlags, 'outputs'> {
  limit?: number;
  json?: boolean;
}

export async function run(flags: LabelsFlags): Promise<ExitCode> {
  return runSignedIn(flags.outputs, async (client) => {
    const counts = await client.myLabels(flags.limit);
    if (flags.json) process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
    else if (counts.length === 0) process.stdout.write('No labels yet: label some images first (blobs label FILE…).\n');
    else {
      const width = Math.max(5, ...counts.map((c) => c.name.length));
      process.stdout.write(`${['LABEL'.padEnd(width) + '  IMAGES', ...counts.map((c) => `${c.name.padEnd(width)}  ${c.count}`)].join('\n')}\n`);
    }
    return EXIT.ok;
  });
}
