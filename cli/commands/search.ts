/**
 * `blobs search dog cat [--any] [--min-confidence N] [--json]`: the signed-in user's images with
 * those labels, newest first, a page at a time or all of them (--all), as a table or --json.
 */
import type { BlobPage } from '../../client/index.js';
import { EXIT, type ExitCode } from '../exit.js';
import { listAsJson, listAsTable } from '../list-report.js';
import type { ApiFlags } from '../outputs.js';
import { signedInClient } from '../session.js';

export interface SearchFlags extends Pick<ApiFlags, 'outputs'> {
  any?: boolean;
  minConfidence?: number;
  limit?: number;
  nextToken?: string;
  all?: boolean;
  json?: boolean;
}

export async function run(labels: string[], flags: SearchFlags): Promise<ExitCode> {
  let client;
  try {
    if (flags.all && flags.nextToken) throw new Error('--all and --next-token go separately: --all starts from the newest');
    client = await signedInClient(flags.outputs);
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  const request = { labels, match: flags.any ? ('ANY' as const) : ('ALL' as const), minConfidence: flags.minConfidence, limit: flags.limit ?? (flags.all ? 100 : undefined) };
  let page: BlobPage;
  try {
    page = await client.searchMyBlobs({ ...request, nextToken: flags.nextToken });
    while (flags.all && page.nextToken) {
      const next = await client.searchMyBlobs({ ...request, nextToken: page.nextToken });
      page = { items: [...page.items, ...next.items], nextToken: next.nextToken };
    }
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.notAllOk;
  }
  process.stdout.write(flags.json ? listAsJson(page) : page.items.length === 0 ? `No images of yours with ${flags.any ? 'any' : 'all'} of: ${labels.join(', ')}.\n` : listAsTable(page));
  if (page.nextToken && !flags.json) process.stderr.write(`More: add --next-token '${page.nextToken}'\n`);
  return EXIT.ok;
}
