/**
 * `blobs logout`: signs out everywhere (the pool revokes the refresh token) when the pool answers,
 * and removes the session file either way.
 */
import { signOut } from 'aws-amplify/auth';
import { EXIT, type ExitCode } from '../exit.js';
import { loadOutputs, type ApiFlags } from '../outputs.js';
import { openSession } from '../session.js';

export async function run(flags: Pick<ApiFlags, 'outputs'>): Promise<ExitCode> {
  let session;
  try {
    session = openSession(await loadOutputs({ outputs: flags.outputs }));
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }
  const who = await session.signedInAs();
  let note = '';
  if (who) {
    try {
      await signOut({ global: true });
    } catch {
      note = ' (the user pool could not be reached: signed out on this machine only)';
    }
  }
  await session.file.remove();
  process.stdout.write(who ? `Signed out ${who}${note}.\n` : 'Not signed in.\n');
  return EXIT.ok;
}
