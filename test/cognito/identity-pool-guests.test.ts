/**
 * Guest access of the local identity pool, when a template allows it (this project's does not):
 * `startLocalCognitoIdentity` on its own, called by the real `@aws-sdk/client-cognito-identity`.
 * A guest identity gets credentials of the unauthenticated role, registered with IAM as such; a
 * pool that allows guests but attaches no role for them says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCognitoIdentity, type LocalCognitoIdentity } from '../../local/cognito-identity/index.js';
import type { KeyHolder } from '../../local/iam/index.js';
import { failure } from '../support/failure.js';

const opened: Array<{ pool: LocalCognitoIdentity; dir: string }> = [];
afterEach(async () => {
  for (const { pool, dir } of opened.splice(0)) {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function guestPool(withRole: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'blobs-guests-'));
  const registered: KeyHolder[] = [];
  const guestRole = { roleName: 'GuestRole', policies: [] };
  const pool = await startLocalCognitoIdentity({ dataDir: dir, region: 'us-east-1', accountId: '000000000000', providers: [], roles: withRole ? { unauthenticated: guestRole } : {}, allowGuests: true, register: (h) => registered.push(h) });
  opened.push({ pool, dir });
  return { pool, registered, client: new CognitoIdentityClient({ endpoint: pool.endpoint, region: 'us-east-1', maxAttempts: 1 }) };
}

describe('a local identity pool that allows guests', () => {
  it("gives a guest an identity and the unauthenticated role's credentials", async () => {
    const { pool, registered, client } = await guestPool(true);
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: pool.identityPoolId }));
    const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    expect(Credentials?.SessionToken).toBeTruthy();
    expect(registered).toHaveLength(1);
    expect(registered[0].credentials).toMatchObject({ accessKeyId: Credentials!.AccessKeyId, sessionToken: Credentials!.SessionToken });
    expect(registered[0].principal).toMatchObject({
      arn: 'arn:aws:sts::000000000000:assumed-role/GuestRole/CognitoIdentityCredentials',
      context: { 'cognito-identity.amazonaws.com:sub': IdentityId, 'cognito-identity.amazonaws.com:amr': 'unauthenticated', 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
    });
  });

  it('but attaches no role for guests, refuses their credentials as Cognito does', async () => {
    const { pool, registered, client } = await guestPool(false);
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: pool.identityPoolId }));
    expect(await failure(client.send(new GetCredentialsForIdentityCommand({ IdentityId })))).toMatchObject({
      name: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
    expect(registered).toEqual([]);
  });
});
