/**
 * `blobs list`: the signed-in user's images, newest first, a page at a time (--limit,
 * --next-token) or all of them (--all), as a table or --json.
 */
import { EXIT, type ExitCode } from '../exit.js';
import { listAsJson, listAsTable } from '../list-report.js';
import type { ApiFlags } from '../outputs.js';
import { checkAllOrNextToken, pagesOf, runSignedIn } from '../signed-in-command.js';

export interface ListFlags extends Pick<ApiFlags, 'outputs'> {
  limit?: number;
  nextToken?: string;
  all?: boolean;
  json?: boolean;
}

export async function run(flags: ListFlags): Promise<ExitCode> {
  return runSignedIn(
    flags.outputs,
    async (client) => {
      const limit = flags.limit ?? (flags.all ? 100 : undefined);
      const page = await pagesOf((nextToken) => client.listMyBlobs({ limit, nextToken }), flags.nextToken, flags.all);
      process.stdout.write(flags.json ? listAsJson(page) : listAsTable(page));
      if (page.nextToken && !flags.json) process.stderr.write(`More: blobs list --next-token '${page.nextToken}'\n`);
      return EXIT.ok;
    },
    () => checkAllOrNextToken(flags),
  );
}
