/**
 * How a command that needs the signed-in user runs: a client that cannot be opened (no outputs,
 * no user pool, not signed in) or a refused `check` is exit 2 (cannotStart); an API call that
 * throws is exit 1 (notAllOk). Either way the message goes to stderr as `blobs: <message>`.
 */
import type { BlobPage, BlobsClient } from '../client/index.js';
import { EXIT, type ExitCode } from './exit.js';
import { signedInClient } from './session.js';

export async function runSignedIn(outputsPath: string | undefined, use: (client: BlobsClient) => Promise<ExitCode>, check: () => void = () => {}, o: { userOnly?: boolean } = {}): Promise<ExitCode> {
  let client: BlobsClient;
  try {
    check();
    client = await signedInClient(outputsPath, o);
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  try {
    return await use(client);
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.notAllOk;
  }
}

/** `--all` and `--next-token` together are refused: `--all` starts from the newest. */
export function checkAllOrNextToken(flags: { all?: boolean; nextToken?: string }): void {
  if (flags.all && flags.nextToken) throw new Error('--all and --next-token go separately: --all starts from the newest');
}

/** The first page, and with `all` every following one, joined into one page. */
export async function pagesOf(fetchPage: (nextToken: string | undefined) => Promise<BlobPage>, first: string | undefined, all: boolean | undefined): Promise<BlobPage> {
  let page = await fetchPage(first);
  while (all && page.nextToken) {
    const next = await fetchPage(page.nextToken);
    page = { items: [...page.items, ...next.items], nextToken: next.nextToken };
  }
  return page;
}
