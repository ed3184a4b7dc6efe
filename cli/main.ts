/**
 * The `blobs` entry point, bundled to dist/cli/ by `npm run build:cli` (cli/bin.js runs it).
 * Exit codes: cli/exit.ts; a usage error (unknown command, bad or missing argument) is 2.
 */
import { CommanderError } from 'commander';
import { EXIT } from './exit.js';
import { blobsProgram } from './program.js';

/** Exits once stdout has drained: Amplify's realtime socket would otherwise keep the process alive a while. */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

try {
  await blobsProgram().parseAsync(process.argv);
  exit(Number(process.exitCode ?? EXIT.ok));
} catch (error) {
  // Commander has already printed its message (and the help, for usage errors).
  if (!(error instanceof CommanderError)) throw error;
  // Its exitCode is 0 for help asked for (--help, `blobs help`), 1 for every usage error.
  exit(error.exitCode === 0 ? EXIT.ok : EXIT.cannotStart);
}
