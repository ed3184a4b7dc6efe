/**
 * `blobs list`: the signed-in user's images, newest first, a page at a time (--limit,
 * --next-token) or all of them (--all), as a table or --json.
 */
import type { BlobPage } from '../../client/index.js';
import { EXIT, type ExitCode } from '../exit.js';
import { listAsJson, listAsTable } from '../list-report.js';
import type { ApiFlags } from '../outputs.js';
import { signedInClient } from '../session.js';

export interface ListFlags extends Pick<ApiFlags, 'outputs'> {
  limit?: number;
  nextToken?: string;
  all?: boolean;
  json?: boolean;
}

export async function run(flags: ListFlags): Promise<ExitCode> {
  let client;
  try {
    if (flags.all && flags.nextToken) throw new Error('--all and --next-token go separately: --all starts from the newest');
    client = await signedInClient(flags.outputs);
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }

  let page: BlobPage;
  try {
    page = await client.listMyBlobs({ limit: flags.limit ?? (flags.all ? 100 : undefined), nextToken: flags.nextToken });
    while (flags.all && page.nextToken) {
      const next = await client.listMyBlobs({ limit: flags.limit ?? 100, nextToken: page.nextToken });
      page = { items: [...page.items, ...next.items], nextToken: next.nextToken };
    }
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.notAllOk;
  }
  process.stdout.write(flags.json ? listAsJson(page) : listAsTable(page));
  if (page.nextToken && !flags.json) process.stderr.write(`More: blobs list --next-token '${page.nextToken}'\n`);
  return EXIT.ok;
}
