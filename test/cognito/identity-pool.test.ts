/**
 * The local Cognito identity pool on a real local stack: the real
 * `@aws-sdk/client-cognito-identity` and the unmodified Amplify (`fetchAuthSession`) exchange the
 * local user pool's ID token for temporary credentials of the template's authenticated role; the
 * local S3 accepts those credentials for the identity's own `photos/<identity id>/` prefix and
 * refuses them elsewhere, as S3 answers; identities and credentials survive a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { failure } from '../support/failure.js';
import { startTestStack } from '../support/local-stack.js';
import { actAs, configureAmplifyAuth } from '../support/amplify-auth.js';
import { SIGNED_IN_USERS_PASSWORD, signedInUsers } from '../support/signed-in-users.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
type Users = Awaited<ReturnType<typeof signedInUsers<'alice' | 'bob'>>>;
type Issued = { AccessKeyId?: string; SecretKey?: string; SessionToken?: string; Expiration?: Date };

let dataDir: string;
let stack: Stack;
let users: Users;

const identity = () => new CognitoIdentityClient({ endpoint: stack.identityPool!.endpoint, region: stack.region, maxAttempts: 1 });
const providerName = () => `cognito-idp.${stack.region}.amazonaws.com/${stack.userPool.userPoolId}`;
const idToken = (name: 'alice' | 'bob') => users.users[name].storage.token('idToken')!;
const loginsOf = (name: 'alice' | 'bob') => ({ [providerName()]: idToken(name) });
const poolId = () => stack.identityPool!.identityPoolId;

const s3As = (c: Issued, withToken = true) =>
  new S3Client({
    endpoint: stack.s3Endpoint,
    region: stack.region,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretKey!, ...(withToken && { sessionToken: c.SessionToken! }) },
  });
const put = (c: Issued, key: string, withToken = true) => s3As(c, withToken).send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: 'photo bytes', ContentType: 'image/jpeg' }));

async function credentialsOf(name: 'alice' | 'bob'): Promise<{ identityId: string; credentials: Issued }> {
  const { IdentityId } = await identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: loginsOf(name) }));
  const { Credentials } = await identity().send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: loginsOf(name) }));
  return { identityId: IdentityId!, credentials: Credentials! };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-identity-pool-'));
  stack = await startTestStack({ dataDir });
  users = await signedInUsers(stack, ['alice', 'bob']);
});

afterAll(async () => {
  await stack?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('local identity pool with @aws-sdk/client-cognito-identity', () => {
  it('is described in amplify_outputs.json: the pool id in auth, the local endpoint in custom', () => {
    expect(stack.identityPool!.identityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(stack.outputs.auth).toMatchObject({ identity_pool_id: poolId(), unauthenticated_identities_enabled: false });
    expect(stack.outputs.custom?.identity_pool_endpoint).toBe(stack.identityPool!.endpoint);
  });

  it("gives a signed-in user one identity and temporary credentials (key, secret, session token, expiry in an hour)", async () => {
    const first = await credentialsOf('alice');
    const again = await identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: loginsOf('alice') }));
    expect(first.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(again.IdentityId).toBe(first.identityId);
    expect((await credentialsOf('bob')).identityId).not.toBe(first.identityId);
    expect(first.credentials.AccessKeyId).toMatch(/^ASIA[0-9A-Z]{16}$/);
    expect(first.credentials.SecretKey).toBeTruthy();
    expect(first.credentials.SessionToken).toBeTruthy();
    const lifetime = first.credentials.Expiration!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(55 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
  });

  it("issues an OpenID token for the identity, verifiable against the pool's published keys", async () => {
    const { identityId } = await credentialsOf('alice');
    const { Token, IdentityId } = await identity().send(new GetOpenIdTokenCommand({ IdentityId: identityId, Logins: loginsOf('alice') }));
    expect(IdentityId).toBe(identityId);
    const endpoint = stack.identityPool!.endpoint;
    const { payload } = await jwtVerify(Token!, createRemoteJWKSet(new URL(`${endpoint}/.well-known/jwks_uri`)), { issuer: endpoint, audience: poolId() });
    expect(payload.sub).toBe(identityId);
    expect(payload.amr).toEqual(['authenticated', providerName(), `${providerName()}:CognitoSignIn:${users.users.alice.sub}`]);
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('refuses guests (guests are off), unknown pools and identities, and logins that are not valid ID tokens of the pool', async () => {
    const { identityId } = await credentialsOf('alice');
    const guests = { name: 'NotAuthorizedException', message: 'Unauthenticated access is not supported for this identity pool.' };
    expect(await failure(identity().send(new GetIdCommand({ IdentityPoolId: poolId() })))).toMatchObject(guests);
    expect(await failure(identity().send(new GetCredentialsForIdentityCommand({ IdentityId: identityId })))).toMatchObject(guests);
    expect(await failure(identity().send(new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000', Logins: loginsOf('alice') })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "IdentityPool 'us-east-1:00000000-0000-0000-0000-000000000000' not found.",
    });
    expect(await failure(identity().send(new GetCredentialsForIdentityCommand({ IdentityId: 'us-east-1:00000000-0000-0000-0000-000000000000', Logins: loginsOf('alice') })))).toMatchObject({ name: 'ResourceNotFoundException' });
    const token = idToken('alice');
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await failure(identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: { [providerName()]: tampered } })))).toMatchObject({ name: 'NotAuthorizedException', message: expect.stringMatching(/^Invalid login token\./) });
    const accessToken = users.users.alice.storage.token('accessToken')!;
    expect(await failure(identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: { [providerName()]: accessToken } })))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await failure(identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other': token } })))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
    // Bob's valid login does not buy credentials for Alice's identity.
    expect(await failure(identity().send(new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: loginsOf('bob') })))).toMatchObject({ name: 'NotAuthorizedException', message: expect.stringMatching(/^Logins don't match/) });
  });
});

describe("the issued credentials at the local S3 (the role's policy, ${cognito-identity.amazonaws.com:sub} resolved)", () => {
  it('may write and read under photos/<own identity id>/', async () => {
    const { identityId, credentials } = await credentialsOf('alice');
    const key = `${USER_STORAGE_PREFIX}${identityId}/beach.jpg`;
    await put(credentials, key);
    const read = await s3As(credentials).send(new GetObjectCommand({ Bucket: stack.bucketName, Key: key }));
    expect(await read.Body!.transformToString()).toBe('photo bytes');
  });

  it("is refused another identity's prefix and the rest of the bucket: AccessDenied, as S3 answers", async () => {
    const alice = await credentialsOf('alice');
    const bob = await credentialsOf('bob');
    const denied = { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } };
    expect(await failure(put(alice.credentials, `${USER_STORAGE_PREFIX}${bob.identityId}/mine-now.jpg`))).toMatchObject(denied);
    expect(await failure(s3As(alice.credentials).send(new GetObjectCommand({ Bucket: stack.bucketName, Key: `${USER_STORAGE_PREFIX}${bob.identityId}/beach.jpg` })))).toMatchObject(denied);
    expect(await failure(put(alice.credentials, 'uploads/users/not-a-blob'))).toMatchObject(denied);
  });

  it('is refused without its session token (an unknown key, as S3 answers), as a leaked key pair alone is worthless', async () => {
    const { identityId, credentials } = await credentialsOf('alice');
    expect(await failure(put(credentials, `${USER_STORAGE_PREFIX}${identityId}/no-token.jpg`, false))).toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    expect(await failure(put({ ...credentials, SessionToken: 'forged' }, `${USER_STORAGE_PREFIX}${identityId}/forged.jpg`))).toMatchObject({ name: 'InvalidToken' });
  });
});

describe('the unmodified Amplify client (Auth.Cognito.identityPoolEndpoint from custom.identity_pool_endpoint)', () => {
  it('fetchAuthSession() after sign-in returns credentials and the identity id, which S3 accepts for the own prefix', async () => {
    users.as('alice');
    const session = await fetchAuthSession();
    const { identityId } = await credentialsOf('alice');
    expect(session.identityId).toBe(identityId);
    expect(session.credentials).toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/), secretAccessKey: expect.any(String), sessionToken: expect.any(String), expiration: expect.any(Date) });
    const c = session.credentials!;
    await put({ AccessKeyId: c.accessKeyId, SecretKey: c.secretAccessKey, SessionToken: c.sessionToken }, `${USER_STORAGE_PREFIX}${session.identityId}/from-amplify.jpg`);
  });

  it('gives a guest no credentials when guests are off', async () => {
    users.as('bob');
    await signOut();
    const session = await fetchAuthSession({ forceRefresh: true });
    expect(session.tokens).toBeUndefined();
    expect(session.credentials).toBeUndefined();
    expect(session.identityId).toBeUndefined();
    actAs(users.users.alice.storage);
  });
});

describe('across a restart', () => {
  it('keeps the pool id, each identity, and the credentials issued before it', async () => {
    const before = await credentialsOf('alice');
    const pool = poolId();
    await stack.close();
    stack = await startTestStack({ dataDir });
    expect(poolId()).toBe(pool);
    // Issued before the restart, still within their hour: S3 accepts them as before.
    await put(before.credentials, `${USER_STORAGE_PREFIX}${before.identityId}/after-restart.jpg`);
    // The user pool's issuer names its (new, ephemeral) port: the same user signs in again for a fresh ID token.
    const alice = users.users.alice;
    await alice.storage.clear();
    configureAmplifyAuth(stack.outputs, alice.storage);
    expect((await signIn({ username: alice.email, password: SIGNED_IN_USERS_PASSWORD })).isSignedIn).toBe(true);
    const { IdentityId } = await identity().send(new GetIdCommand({ IdentityPoolId: poolId(), Logins: loginsOf('alice') }));
    expect(IdentityId).toBe(before.identityId);
    expect((await fetchAuthSession()).identityId).toBe(before.identityId);
  });
});
