/**
 * The local user pool's admin API through the real, SigV4-signing
 * `@aws-sdk/client-cognito-identity-provider`, and Amplify signing in the users it makes:
 * create, temporary password, groups in tokens, listing and paging, confirm, delete; and
 * unsigned, badly signed and unknown-key calls refused without effect.
 */
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplifyAuth, MemoryStorage } from '../support/amplify-auth.js';
import { cognitoSdk as sdk } from '../support/cognito-sdk.js';
import { failure } from '../support/failure.js';
import { startTestStack } from '../support/local-stack.js';

const EMAIL = 'Alice.Example@Example.com';
const USERNAME = EMAIL.toLowerCase();
const PASSWORD = 'Corr3ct-horse!';
const ADMIN_PASSWORD = 'Adm1n-temporary#';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let storage: MemoryStorage;

beforeAll(async () => {
  stack = await startTestStack();
  storage = new MemoryStorage();
  configureAmplifyAuth(stack.outputs, storage);
  // A confirmed user the refused calls below must leave untouched.
  await sdk(stack).send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL, TemporaryPassword: ADMIN_PASSWORD, MessageAction: 'SUPPRESS' }));
});

afterAll(async () => {
  await stack?.close();
});

describe('local user pool admin API', () => {
  it('admin calls through the signing SDK client: create, set password, groups, list, confirm, delete', async () => {
    const admin = sdk(stack);
    const UserPoolId = stack.userPool.userPoolId;
    const created = await admin.send(new AdminCreateUserCommand({ UserPoolId, Username: 'editor@example.com', TemporaryPassword: ADMIN_PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Eddie' }] }));
    expect(created.User).toMatchObject({ Username: 'editor@example.com', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(created.User!.UserCreateDate).toBeInstanceOf(Date);

    // A temporary password leads to Amplify's new-password step.
    expect(await signIn({ username: 'editor@example.com', password: ADMIN_PASSWORD })).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } });
    expect(await confirmSignIn({ challengeResponse: 'Fin4l-password%' })).toMatchObject({ isSignedIn: true });
    await signOut();
    expect((await admin.send(new AdminGetUserCommand({ UserPoolId, Username: 'editor@example.com' }))).UserStatus).toBe('CONFIRMED');

    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'editor@example.com', Password: ADMIN_PASSWORD, Permanent: true }));
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: 'editor@example.com', GroupName: 'editors' }));
    const fetched = await admin.send(new AdminGetUserCommand({ UserPoolId, Username: 'editor@example.com' }));
    expect(fetched).toMatchObject({ Username: 'editor@example.com', UserStatus: 'CONFIRMED', Enabled: true });
    expect(fetched.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Eddie' }, { Name: 'email', Value: 'editor@example.com' }, { Name: 'sub', Value: expect.any(String) }]));

    await signIn({ username: 'editor@example.com', password: ADMIN_PASSWORD });
    const { tokens } = await fetchAuthSession();
    expect(tokens!.idToken!.payload['cognito:groups']).toEqual(['editors']);
    expect(tokens!.accessToken.payload['cognito:groups']).toEqual(['editors']);
    const editorRefresh = storage.token('refreshToken')!;
    await signOut();

    const listed = await admin.send(new ListUsersCommand({ UserPoolId, Filter: 'email = "editor@example.com"' }));
    expect(listed.Users!.map((u) => u.Username)).toEqual(['editor@example.com']);
    const firstPage = await admin.send(new ListUsersCommand({ UserPoolId, Limit: 1 }));
    expect(firstPage.Users).toHaveLength(1);
    const secondPage = await admin.send(new ListUsersCommand({ UserPoolId, Limit: 1, PaginationToken: firstPage.PaginationToken }));
    expect(secondPage.Users![0].Username).not.toBe(firstPage.Users![0].Username);

    await sdk(stack).send(new SignUpCommand({ ClientId: stack.userPool.clientId, Username: 'bob@example.com', Password: PASSWORD }));
    expect((await admin.send(new AdminGetUserCommand({ UserPoolId, Username: 'bob@example.com' }))).UserStatus).toBe('UNCONFIRMED');
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: 'bob@example.com' }));
    expect(await signIn({ username: 'bob@example.com', password: PASSWORD })).toMatchObject({ isSignedIn: true });
    await signOut();

    await admin.send(new AdminDeleteUserCommand({ UserPoolId, Username: 'editor@example.com' }));
    expect(await failure(admin.send(new AdminGetUserCommand({ UserPoolId, Username: 'editor@example.com' })))).toMatchObject({ name: 'UserNotFoundException' });
    expect(await failure(admin.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: editorRefresh } })))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await failure(admin.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Nope12345', Username: EMAIL })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses unsigned, badly signed and unknown-key admin calls', async () => {
    const body = JSON.stringify({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL });
    const unsigned = await fetch(stack.userPool.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser' }, body });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });

    const badSecret = sdk(stack, { ...stack.credentials, secretAccessKey: 'not-the-secret' });
    expect(await failure(badSecret.send(new AdminGetUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL })))).toMatchObject({ name: 'InvalidSignatureException' });
    const unknownKey = sdk(stack, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' });
    expect(await failure(unknownKey.send(new AdminDeleteUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL })))).toMatchObject({ name: 'UnrecognizedClientException' });
    // Still there: nothing ran.
    expect((await sdk(stack).send(new AdminGetUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL }))).Username).toBe(USERNAME);
  });

});
