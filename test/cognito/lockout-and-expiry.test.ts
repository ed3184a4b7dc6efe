/**
 * The user pool's clock-driven rules, with the pool's clock under the test's control (so no
 * test waits on real time): password-guessing lockout, code expiry and attempt limits, token
 * and refresh-token expiry. Calls go through the real AWS SDK client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthFlowType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { Amplify } from 'aws-amplify';
import { signIn as amplifySignIn, signOut as amplifySignOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito, type LocalCognito } from '../../local/cognito/index.js';
import { failure } from '../support/failure.js';

const credentials = { accessKeyId: 'TESTADMIN', secretAccessKey: 'test-admin-secret' };
const PASSWORD = 'Corr3ct-horse!';
let clock = Date.now();
let dataDir: string;
let pool: LocalCognito;
let client: CognitoIdentityProviderClient;

const signIn = (username: string, password: string, flow: AuthFlowType = 'USER_PASSWORD_AUTH') =>
  client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: flow, AuthParameters: { USERNAME: username, PASSWORD: password } }));

async function confirmedUser(username: string): Promise<void> {
  await client.send(new SignUpCommand({ ClientId: pool.clientId, Username: username, Password: PASSWORD }));
  await client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: username, ConfirmationCode: pool.codes.latest(username)! }));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-cognito-clock-'));
  pool = await startLocalCognito({
    dataDir,
    port: 0,
    region: 'eu-west-1',
    adminCredentials: [credentials],
    now: () => clock,
    tokenLifetimes: { accessTokenSeconds: 300, idTokenSeconds: 300, refreshTokenSeconds: 3600 },
    codeLifetimes: { SIGN_UP: 60_000 },
  });
  client = new CognitoIdentityProviderClient({ endpoint: pool.endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
});

afterAll(async () => {
  await pool?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('lockout after repeated wrong passwords', () => {
  it('refuses every attempt while locked out, for a time that grows, then lets the right password in', async () => {
    await confirmedUser('carol@example.com');
    for (let i = 0; i < 5; i++) {
      expect(await failure(signIn('carol@example.com', 'Wr0ng-guess!'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    // Locked: even the right password is refused, and not by the password check.
    expect(await failure(signIn('carol@example.com', PASSWORD))).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });

    clock += 1_001; // the first lockout (1 s) is over
    expect(await failure(signIn('carol@example.com', 'Wr0ng-guess!'))).toMatchObject({ message: 'Incorrect username or password.' });
    clock += 1_001; // the second one is 2 s: still locked after 1 s
    expect(await failure(signIn('carol@example.com', PASSWORD))).toMatchObject({ message: 'Password attempts exceeded' });
    clock += 1_000;
    const ok = await signIn('carol@example.com', PASSWORD);
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
    // Success clears the count: the next wrong password is an ordinary refusal.
    expect(await failure(signIn('carol@example.com', 'Wr0ng-guess!'))).toMatchObject({ message: 'Incorrect username or password.' });
    expect(await failure(signIn('carol@example.com', 'Wr0ng-guess!'))).toMatchObject({ message: 'Incorrect username or password.' });
  });

  it('locks out the Amplify client SRP sign-in the same way', async () => {
    await confirmedUser('grace@example.com');
    Amplify.configure({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: pool.endpoint, loginWith: { email: true } } } });
    for (let i = 0; i < 5; i++) {
      expect(await failure(amplifySignIn({ username: 'grace@example.com', password: 'Wr0ng-guess!' }))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    expect(await failure(amplifySignIn({ username: 'grace@example.com', password: PASSWORD }))).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    clock += 1_001;
    expect(await amplifySignIn({ username: 'grace@example.com', password: PASSWORD })).toMatchObject({ isSignedIn: true });
    await amplifySignOut();
  });

  it('does not lock out an unknown user differently from a known one', async () => {
    for (let i = 0; i < 7; i++) expect(await failure(signIn('ghost@example.com', 'Wr0ng-guess!'))).toMatchObject({ message: 'Incorrect username or password.' });
  });
});

describe('codes', () => {
  it('expire', async () => {
    await client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'dave@example.com', Password: PASSWORD }));
    const code = pool.codes.latest('dave@example.com')!;
    clock += 60_001;
    expect(await failure(client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'dave@example.com', ConfirmationCode: code })))).toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('are void after five wrong guesses, even for the right code', async () => {
    await client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'erin@example.com', Password: PASSWORD }));
    const code = pool.codes.latest('erin@example.com')!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(await failure(client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'erin@example.com', ConfirmationCode: wrong })))).toMatchObject({ name: 'CodeMismatchException' });
    }
    expect(await failure(client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'erin@example.com', ConfirmationCode: code })))).toMatchObject({ name: 'LimitExceededException' });
  });
});

describe('token lifetimes', () => {
  it('refuses an expired access token and an expired refresh token', async () => {
    await confirmedUser('frank@example.com');
    const { AuthenticationResult } = await signIn('frank@example.com', PASSWORD);
    expect(AuthenticationResult!.ExpiresIn).toBe(300);
    expect((await client.send(new GetUserCommand({ AccessToken: AuthenticationResult!.AccessToken! }))).Username).toBe('frank@example.com');

    clock += 301_000;
    expect(await failure(client.send(new GetUserCommand({ AccessToken: AuthenticationResult!.AccessToken! })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
    const refreshed = await client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! } }));
    expect((await client.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken! }))).Username).toBe('frank@example.com');

    clock += 3_600_000;
    expect(await failure(client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! } })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  it('refuses a token signed by another key, and garbage', async () => {
    const { AuthenticationResult } = await signIn('frank@example.com', PASSWORD);
    const [header, payload] = AuthenticationResult!.AccessToken!.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    expect(await failure(client.send(new GetUserCommand({ AccessToken: forged })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    expect(await failure(client.send(new GetUserCommand({ AccessToken: 'garbage' })))).toMatchObject({ name: 'NotAuthorizedException' });
    // The id token is not an access token.
    expect(await failure(client.send(new GetUserCommand({ AccessToken: AuthenticationResult!.IdToken! })))).toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('more admin calls', () => {
  it('disables and enables a user, signs them out everywhere, and manages their groups', async () => {
    const UserPoolId = pool.userPoolId;
    const Username = 'henry@example.com';
    await confirmedUser(Username);
    const first = await signIn(Username, PASSWORD);

    await client.send(new AdminDisableUserCommand({ UserPoolId, Username }));
    expect(await failure(signIn(Username, PASSWORD))).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    expect(await failure(client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! })))).toMatchObject({ message: 'User is disabled.' });
    await client.send(new AdminEnableUserCommand({ UserPoolId, Username }));
    expect((await client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! }))).Username).toBe(Username);

    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username }));
    expect(await failure(client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! })))).toMatchObject({ message: 'Access Token has been revoked' });
    expect(await failure(client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult!.RefreshToken! } })))).toMatchObject({ message: 'Refresh Token has been revoked' });

    await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'admins' }));
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'editors' }));
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'editors' }));
    await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: 'admins' }));
    expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups).toEqual([{ GroupName: 'editors', UserPoolId }]);
    const again = await signIn(Username, PASSWORD);
    expect(decodeJwt(again.AuthenticationResult!.AccessToken!)['cognito:groups']).toEqual(['editors']);
  });
});

describe('concurrency', () => {
  it('lets exactly one of two simultaneous sign-ups for one address through', async () => {
    const attempts = await Promise.allSettled([0, 1].map(() => client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'race@example.com', Password: PASSWORD }))));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(attempts.find((a) => a.status === 'rejected')).toMatchObject({ reason: { name: 'UsernameExistsException' } });
    expect(pool.codes.all().filter((c) => c.username === 'race@example.com')).toHaveLength(1);
  });
});

describe('protocol errors', () => {
  it('answers bad requests with Cognito error shapes', async () => {
    const post = (target: string, body: string) => fetch(pool.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body });
    const notJson = await post('AWSCognitoIdentityProviderService.SignUp', '{not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ __type: 'SerializationException' });
    const unknown = await post('AWSCognitoIdentityProviderService.DescribeUserPool', '{}');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const noClient = await post('AWSCognitoIdentityProviderService.SignUp', JSON.stringify({ ClientId: 'nope', Username: 'x@example.com', Password: PASSWORD }));
    expect(await noClient.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
    const huge = await post('AWSCognitoIdentityProviderService.SignUp', JSON.stringify({ pad: 'x'.repeat(300_000) }));
    expect(huge.status).toBe(413);
  });
});
