/**
 * The unmodified aws-amplify Auth client against the local user pool of a real local stack,
 * configured as an app is: from the stack's amplify_outputs.json plus
 * `Auth.Cognito.userPoolEndpoint` from `custom.user_pool_endpoint`. Admin calls go through the
 * real, SigV4-signing `@aws-sdk/client-cognito-identity-provider`; the admin API on its own is
 * in user-pool-admin.test.ts.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { autoSignIn, confirmResetPassword, confirmSignUp, deleteUser, fetchAuthSession, fetchUserAttributes, getCurrentUser, resendSignUpCode, resetPassword, signIn, signOut, signUp, updatePassword } from 'aws-amplify/auth';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureAmplifyAuth, MemoryStorage } from '../support/amplify-auth.js';
import { failure } from '../support/failure.js';
import { cognitoSdk as sdk } from '../support/cognito-sdk.js';
import { startTestStack } from '../support/local-stack.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

const EMAIL = 'Alice.Example@Example.com';
const USERNAME = EMAIL.toLowerCase();
const PASSWORD = 'Corr3ct-horse!';
const NEW_PASSWORD = 'Batt3ry-staple?';
const PASSWORDS = [PASSWORD, NEW_PASSWORD, 'Wr0ng-password!', 'Fin4l-password%'];

const logged: string[] = [];
let dataDir: string;
let stack: Stack;
let storage: MemoryStorage;
let userSub: string;

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-cognito-'));
  stack = await startTestStack({ dataDir });
  storage = new MemoryStorage();
  configureAmplifyAuth(stack.outputs, storage);
});

afterAll(async () => {
  await stack?.close();
  vi.restoreAllMocks();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('local user pool with the unmodified Amplify Auth client', () => {
  it('is described in amplify_outputs.json', () => {
    expect(stack.outputs.auth).toEqual({
      aws_region: 'us-east-1',
      user_pool_id: stack.userPool.userPoolId,
      user_pool_client_id: stack.userPool.clientId,
      username_attributes: ['email'],
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      password_policy: { min_length: 8, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true },
      // The identity pool in front of it (test/cognito/identity-pool.test.ts).
      identity_pool_id: stack.identityPool!.identityPoolId,
      unauthenticated_identities_enabled: false,
    });
    expect(stack.userPool.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(stack.outputs.custom?.user_pool_endpoint).toBe(stack.userPool.endpoint);
    expect(stack.userPool.issuer).toBe(`${stack.userPool.endpoint}/${stack.userPool.userPoolId}`);
  });

  it('signs up; a wrong code is refused, the right one confirms', async () => {
    expect(await failure(signUp({ username: 'weak@example.com', password: 'weakpass' }))).toMatchObject({ name: 'InvalidPasswordException', message: expect.stringContaining('Password did not conform with policy') });
    expect(await failure(signUp({ username: 'not-an-email', password: PASSWORD }))).toMatchObject({ name: 'InvalidParameterException' });

    const result = await signUp({ username: EMAIL, password: PASSWORD, options: { userAttributes: { email: EMAIL } } });
    expect(result.isSignUpComplete).toBe(false);
    expect(result.nextStep).toMatchObject({ signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email', destination: 'a***@e***' } });
    userSub = result.userId!;
    expect(await failure(signUp({ username: EMAIL, password: PASSWORD }))).toMatchObject({ name: 'UsernameExistsException' });

    // Before confirmation, the right password leads to the confirmation step, not in.
    expect(await signIn({ username: EMAIL, password: PASSWORD })).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } });

    const first = stack.userPool.codes.latest(EMAIL, 'SIGN_UP')!;
    expect(first).toMatch(/^\d{6}$/);
    await resendSignUpCode({ username: EMAIL });
    const code = stack.userPool.codes.latest(EMAIL, 'SIGN_UP')!;
    expect(stack.userPool.codes.all().filter((c) => c.username === USERNAME)).toHaveLength(2);

    expect(await failure(confirmSignUp({ username: EMAIL, confirmationCode: wrongCode(code) }))).toMatchObject({ name: 'CodeMismatchException' });
    expect(await confirmSignUp({ username: EMAIL, confirmationCode: code })).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });
    expect(await failure(confirmSignUp({ username: EMAIL, confirmationCode: code }))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a wrong password and an unknown user alike, then signs in by SRP', async () => {
    const wrong = await failure(signIn({ username: EMAIL, password: 'Wr0ng-password!' }));
    const unknown = await failure(signIn({ username: 'nobody@example.com', password: PASSWORD }));
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(unknown).toMatchObject({ name: wrong.name, message: wrong.message });

    expect(await signIn({ username: EMAIL, password: PASSWORD })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await getCurrentUser()).toEqual({ username: USERNAME, userId: userSub, signInDetails: { loginId: EMAIL, authFlowType: 'USER_SRP_AUTH' } });
    expect(await fetchUserAttributes()).toEqual({ sub: userSub, email: USERNAME, email_verified: 'true' });
  });

  it('issues RS256 tokens with Cognito claims that verify against the JWKS', async () => {
    const { tokens } = await fetchAuthSession();
    const jwks = createRemoteJWKSet(new URL(stack.userPool.jwksUri));
    const id = await jwtVerify(tokens!.idToken!.toString(), jwks, { issuer: stack.userPool.issuer, audience: stack.userPool.clientId, algorithms: ['RS256'] });
    expect(id.protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(id.payload).toMatchObject({ sub: userSub, token_use: 'id', 'cognito:username': USERNAME, email: USERNAME, email_verified: true, origin_jti: expect.any(String), jti: expect.any(String), auth_time: expect.any(Number) });
    expect(id.payload.exp! - id.payload.iat!).toBe(3600);
    expect(id.payload).not.toHaveProperty('cognito:groups');
    const access = await jwtVerify(tokens!.accessToken.toString(), jwks, { issuer: stack.userPool.issuer, algorithms: ['RS256'] });
    expect(access.payload).toMatchObject({ sub: userSub, token_use: 'access', client_id: stack.userPool.clientId, scope: 'aws.cognito.signin.user.admin', username: USERNAME, origin_jti: id.payload.origin_jti });

    expect(await (await fetch(stack.userPool.jwksUri)).json()).toEqual(stack.userPool.jwks);
    const config = await (await fetch(`${stack.userPool.issuer}/.well-known/openid-configuration`)).json();
    expect(config).toMatchObject({ issuer: stack.userPool.issuer, jwks_uri: stack.userPool.jwksUri });
  });

  it('fetchAuthSession({ forceRefresh: true }) returns new tokens that work', async () => {
    const before = (await fetchAuthSession()).tokens!;
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens!;
    expect(after.accessToken.payload.jti).not.toBe(before.accessToken.payload.jti);
    expect(after.idToken!.payload.jti).not.toBe(before.idToken!.payload.jti);
    expect(after.accessToken.payload.origin_jti).toBe(before.accessToken.payload.origin_jti);
    expect(storage.token('accessToken')).toBe(after.accessToken.toString());
    const user = await sdk(stack).send(new GetUserCommand({ AccessToken: after.accessToken.toString() }));
    expect(user.Username).toBe(USERNAME);

    // REFRESH_TOKEN_AUTH, the older refresh path, gives tokens of the same sign-in too.
    const refreshed = await sdk(stack).send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: storage.token('refreshToken')! } }));
    expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).origin_jti).toBe(before.accessToken.payload.origin_jti);
  });

  it('local sign-out revokes the refresh token and leaves no tokens', async () => {
    const refreshToken = storage.token('refreshToken')!;
    const accessToken = storage.token('accessToken')!;
    await signOut();
    expect(storage.token('idToken') ?? storage.token('accessToken') ?? storage.token('refreshToken')).toBeUndefined();
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    expect(await failure(getCurrentUser())).toMatchObject({ name: 'UserUnAuthenticatedException' });

    const client = sdk(stack);
    expect(await failure(client.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    expect(await failure(client.send(new GetUserCommand({ AccessToken: accessToken })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  it('signs in by USER_PASSWORD_AUTH', async () => {
    expect(await signIn({ username: EMAIL, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } })).toMatchObject({ isSignedIn: true });
    expect((await getCurrentUser()).signInDetails?.authFlowType).toBe('USER_PASSWORD_AUTH');
    expect((await fetchUserAttributes()).email).toBe(USERNAME);
  });

  it('global sign-out invalidates every refresh token and access token of the user', async () => {
    const client = sdk(stack);
    // A second sign-in elsewhere (another device), through the SDK.
    const other = await client.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: EMAIL, PASSWORD } }));
    const mine = { refresh: storage.token('refreshToken')!, access: storage.token('accessToken')! };

    await signOut({ global: true });
    expect(storage.token('refreshToken') ?? storage.token('accessToken')).toBeUndefined();

    for (const refresh of [mine.refresh, other.AuthenticationResult!.RefreshToken!]) {
      expect(await failure(client.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refresh } })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    }
    for (const access of [mine.access, other.AuthenticationResult!.AccessToken!]) {
      expect(await failure(client.send(new GetUserCommand({ AccessToken: access })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
  });

  it('resets a forgotten password with a code, then signs in with the new one', async () => {
    const reset = await resetPassword({ username: EMAIL });
    expect(reset.nextStep).toMatchObject({ resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
    // An unknown address is answered the same way: nobody learns who has an account.
    expect((await resetPassword({ username: 'nobody@example.com' })).nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');

    const code = stack.userPool.codes.latest(EMAIL, 'FORGOT_PASSWORD')!;
    expect(await failure(confirmResetPassword({ username: EMAIL, confirmationCode: code, newPassword: 'short' }))).toMatchObject({ name: 'InvalidPasswordException' });
    expect(await failure(confirmResetPassword({ username: EMAIL, confirmationCode: wrongCode(code), newPassword: NEW_PASSWORD }))).toMatchObject({ name: 'CodeMismatchException' });
    await confirmResetPassword({ username: EMAIL, confirmationCode: code, newPassword: NEW_PASSWORD });
    expect(await failure(confirmResetPassword({ username: EMAIL, confirmationCode: code, newPassword: NEW_PASSWORD }))).toMatchObject({ name: 'ExpiredCodeException' });

    expect(await failure(signIn({ username: EMAIL, password: PASSWORD }))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await signIn({ username: EMAIL, password: NEW_PASSWORD })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it('signs up with autoSignIn, changes the password and deletes the account', async () => {
    const username = 'dana@example.com';
    expect((await signUp({ username, password: PASSWORD, options: { autoSignIn: true, userAttributes: { email: username } } })).nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    expect((await confirmSignUp({ username, confirmationCode: stack.userPool.codes.latest(username)! })).nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    expect(await autoSignIn()).toMatchObject({ isSignedIn: true });

    expect(await failure(updatePassword({ oldPassword: 'Wr0ng-password!', newPassword: 'Fin4l-password%' }))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await failure(updatePassword({ oldPassword: PASSWORD, newPassword: 'weak' }))).toMatchObject({ name: 'InvalidPasswordException' });
    await updatePassword({ oldPassword: PASSWORD, newPassword: 'Fin4l-password%' });
    await signOut();
    expect(await failure(signIn({ username, password: PASSWORD }))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await signIn({ username, password: 'Fin4l-password%' })).toMatchObject({ isSignedIn: true });

    const refreshToken = storage.token('refreshToken')!;
    await deleteUser();
    expect(storage.token('accessToken') ?? storage.token('refreshToken')).toBeUndefined();
    expect(await failure(sdk(stack).send(new AdminGetUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: username })))).toMatchObject({ name: 'UserNotFoundException' });
    expect(await failure(sdk(stack).send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('answers CORS preflights for the headers Amplify sends from a browser', async () => {
    const preflight = await fetch(stack.userPool.endpoint, { method: 'OPTIONS', headers: { origin: 'https://127.0.0.1:20080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('keeps users, keys and refresh tokens across a restart', async () => {
    await signIn({ username: EMAIL, password: NEW_PASSWORD });
    const idToken = storage.token('idToken')!;
    const refreshToken = storage.token('refreshToken')!;
    const { userPoolId, clientId } = stack.userPool;
    await stack.close();

    stack = await startTestStack({ dataDir });
    expect(stack.userPool).toMatchObject({ userPoolId, clientId });
    // Signed before the restart, verified against the JWKS served after it.
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(stack.userPool.jwksUri)), { audience: clientId, algorithms: ['RS256'] });
    expect(payload.sub).toBe(userSub);
    const refreshed = await sdk(stack).send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }));
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).sub).toBe(userSub);

    await signOut();
    configureAmplifyAuth(stack.outputs, storage);
    expect(await signIn({ username: EMAIL, password: NEW_PASSWORD })).toMatchObject({ isSignedIn: true });
    expect((await fetchUserAttributes()).sub).toBe(userSub);
    await signOut();
  });

  it('stores and logs no password', async () => {
    const files = await readdir(join(dataDir, 'cognito'), { recursive: true });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(join(dataDir, 'cognito', file), 'utf8').catch(() => '');
      for (const password of PASSWORDS) expect(text, file).not.toContain(password);
    }
    const output = logged.join('\n');
    for (const password of PASSWORDS) expect(output).not.toContain(password);
  });
});
