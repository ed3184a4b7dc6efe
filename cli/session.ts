/**
 * The CLI's sign-in state: Amplify configured from amplify_outputs.json with its tokens kept in
 * the session file (cli/session-file.ts) instead of the browser's localStorage. Commands that
 * talk to the API as the user start here.
 */
import { getCurrentUser } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { ConsoleLogger } from 'aws-amplify/utils';
import { blobsClient, configureAmplify, type AmplifyOutputs, type BlobsClient, type Uploader } from '../client/index.js';
import { loadOutputs } from './outputs.js';
import { SessionFile, sessionFilePath } from './session-file.js';

export interface CliSession {
  file: SessionFile;
  /** The signed-in user's email (or username), or undefined when nobody is signed in to this pool. */
  signedInAs(): Promise<string | undefined>;
}

/** Configures Amplify once; with a user pool, its tokens live in the session file. */
export function openSession(outputs: AmplifyOutputs): CliSession {
  // Amplify warns on the console about a custom user-pool endpoint (the local pool) and the like;
  // the CLI reports what goes wrong itself, on stderr, in one line.
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  configureAmplify(outputs);
  const file = new SessionFile(sessionFilePath());
  if (outputs.auth) cognitoUserPoolsTokenProvider.setKeyValueStorage(file);
  return {
    file,
    async signedInAs() {
      if (!outputs.auth || file.isEmpty) return undefined;
      try {
        const user = await getCurrentUser();
        return user.signInDetails?.loginId ?? user.username;
      } catch {
        return undefined; // tokens of another pool, or a refresh token that no longer works
      }
    },
  };
}

export class NotSignedInError extends Error {
  constructor() {
    super('not signed in: run `blobs login` first');
    this.name = 'NotSignedInError';
  }
}

export function requireUserPool(outputs: AmplifyOutputs): void {
  if (!outputs.auth) throw new Error('this API has no user pool (amplify_outputs.json has no `auth` section): sign-in is not available');
}

/** BLOBS_TOKEN: a personal access token to act as its user without `blobs login` (scripts, CI). */
export const accessTokenFromEnv = (env: NodeJS.ProcessEnv = process.env): string | undefined => env.BLOBS_TOKEN || undefined;

/** The API as the signed-in user (or BLOBS_TOKEN's), for commands that make sense only signed in (list, delete). */
export async function signedInClient(outputsPath: string | undefined, o: { userOnly?: boolean } = {}): Promise<BlobsClient> {
  const outputs = await loadOutputs({ outputs: outputsPath });
  // userOnly (token management): BLOBS_TOKEN is ignored, the API refuses tokens those fields anyway.
  const accessToken = o.userOnly ? undefined : accessTokenFromEnv();
  if (accessToken) {
    ConsoleLogger.LOG_LEVEL = 'ERROR';
    configureAmplify(outputs);
    return blobsClient({ accessToken });
  }
  requireUserPool(outputs);
  if (!(await openSession(outputs).signedInAs())) throw new NotSignedInError();
  return blobsClient('userPool');
}

/** For `blobs label`: signed in, the images are created as the user (and are theirs); otherwise with the API key. */
export async function labellingClient(outputs: AmplifyOutputs, upload: Uploader): Promise<BlobsClient> {
  const accessToken = accessTokenFromEnv();
  if (accessToken) {
    configureAmplify(outputs);
    return blobsClient({ accessToken }, upload);
  }
  const signedIn = (await openSession(outputs).signedInAs()) !== undefined;
  return blobsClient(signedIn ? 'userPool' : 'apiKey', upload);
}
