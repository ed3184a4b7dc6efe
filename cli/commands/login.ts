/**
 * `blobs login`: signs in to the API's user pool by SRP (aws-amplify/auth, as the web page
 * does) and keeps the tokens in the session file, so later commands act as that user. Asks for
 * the email and password, or takes --email and --password-stdin for scripts.
 */
import { signIn, signOut } from 'aws-amplify/auth';
import { authErrorMessage } from '../../client/auth-messages.js';
import { EXIT, type ExitCode } from '../exit.js';
import { loadOutputs, type ApiFlags } from '../outputs.js';
import { ask, askHidden, readStdin } from '../prompt.js';
import { openSession, requireUserPool } from '../session.js';

export interface LoginFlags extends Pick<ApiFlags, 'outputs'> {
  email?: string;
  passwordStdin?: boolean;
}

export async function run(flags: LoginFlags): Promise<ExitCode> {
  let session;
  let email: string;
  let password: string;
  try {
    const outputs = await loadOutputs({ outputs: flags.outputs });
    requireUserPool(outputs);
    session = openSession(outputs);
    email = flags.email?.trim() || (await ask('Email: '));
    password = flags.passwordStdin ? await readStdin() : await askHidden('Password: ');
    if (!email || !password) throw new Error('an email and a password are needed');
  } catch (error) {
    process.stderr.write(`blobs: ${(error as Error).message}\n`);
    return EXIT.cannotStart;
  }

  // A new login replaces the old one (Amplify refuses to sign in over a live session).
  if (!session.file.isEmpty) await signOut().catch(() => session.file.clear());
  try {
    const { nextStep } = await signIn({ username: email, password });
    if (nextStep.signInStep !== 'DONE') {
      await signOut().catch(() => {});
      const why =
        nextStep.signInStep === 'CONFIRM_SIGN_UP' ? 'the account is not confirmed yet: confirm it with the emailed code first (the web page does both)' : `the pool asks for a step the CLI does not offer (${nextStep.signInStep})`;
      process.stderr.write(`blobs: ${why}\n`);
      return EXIT.notAllOk;
    }
  } catch (error) {
    process.stderr.write(`blobs: ${authErrorMessage(error)}\n`);
    return EXIT.notAllOk;
  }
  process.stdout.write(`Signed in as ${email}. Tokens kept in ${session.file.path}\n`);
  return EXIT.ok;
}
