/** `blobs delete ID`: deletes one of the signed-in user's images (picture and record). Exit 0 deleted, 1 not found. */
import { EXIT, type ExitCode } from '../exit.js';
import type { ApiFlags } from '../outputs.js';
import { runSignedIn } from '../signed-in-command.js';

export async function run(id: string, flags: Pick<ApiFlags, 'outputs'>): Promise<ExitCode> {
  return runSignedIn(flags.outputs, async (client) => {
    if (await client.deleteMyBlob(id)) {
      process.stdout.write(`Deleted ${id}.\n`);
      return EXIT.ok;
    }
    // Another user's blob reads exactly like none: the API does not say which.
    process.stderr.write(`blobs: no image ${id} of yours (already deleted, or never yours)\n`);
    return EXIT.notAllOk;
  });
}
