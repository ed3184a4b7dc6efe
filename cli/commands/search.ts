/**
 * `blobs search dog cat [--any] [--min-confidence N] [--json]`: the signed-in user's images with
 * those labels, newest first, a page at a time or all of them (--all), as a table or --json.
 */
import { EXIT, type ExitCode } from '../exit.js';
import { listAsJson, listAsTable } from '../list-report.js';
import type { ApiFlags } from '../outputs.js';
import { checkAllOrNextToken, pagesOf, runSignedIn } from '../signed-in-command.js';

export interface SearchFlags extends Pick<ApiFlags, 'outputs'> {
  any?: boolean;
  minConfidence?: number;
  limit?: number;
  nextToken?: string;
  all?: boolean;
  json?: boolean;
}

export async function run(labels: string[], flags: SearchFlags): Promise<ExitCode> {
  return runSignedIn(
    flags.outputs,
    async (client) => {
      const request = { labels, match: flags.any ? ('ANY' as const) : ('ALL' as const), minConfidence: flags.minConfidence, limit: flags.limit ?? (flags.all ? 100 : undefined) };
      const page = await pagesOf((nextToken) => client.searchMyBlobs({ ...request, nextToken }), flags.nextToken, flags.all);
      process.stdout.write(flags.json ? listAsJson(page) : page.items.length === 0 ? `No images of yours with ${flags.any ? 'any' : 'all'} of: ${labels.join(', ')}.\n` : listAsTable(page));
      if (page.nextToken && !flags.json) process.stderr.write(`More: add --next-token '${page.nextToken}'\n`);
      return EXIT.ok;
    },
    () => checkAllOrNextToken(flags),
  );
}
