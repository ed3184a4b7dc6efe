/**
 * Signed-in users end to end (issue 11), offline: `npm start` as a process, the unmodified
 * aws-amplify Auth and API clients configured from its amplify_outputs.json (plus
 * `Auth.Cognito.userPoolEndpoint`). A user signs up, confirms with the code npm start prints,
 * signs in by SRP, creates, reads and hears about a blob with `authMode: 'userPool'`, refreshes,
 * survives a restart, and signs out. Forged and foreign tokens get 401 and no data, over HTTP
 * and at the realtime handshake.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClient } from 'aws-amplify/api';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Blob } from '../../api/generated/graphql.js';
import { installWebSocket } from '../../cli/websocket.js';
import { configureAmplifyAuth, MemoryStorage } from '../support/amplify-auth.js';
import { failure } from '../support/failure.js';
import { subscriptionAcknowledged } from '../support/amplify-client.js';
import { BLOB, CREATE_BLOB, ON_BLOB_LABELLED } from '../support/operations.js';
import { image } from '../support/paths.js';
import { connectRealtime } from '../support/realtime-client.js';
import { spawnStack, type StackProcess } from '../support/stack-process.js';
import { changePayload, createIssuer, payloadOf, tamperSignature, unsigned } from '../support/tokens.js';

const EMAIL = `e2e-${Date.now()}@example.com`;
const PASSWORD = 'Signed-1n-user!';

let dataDir: string;
let stack: StackProcess;
let storage: MemoryStorage;
let ca: Buffer;
const userPoolClient = () => generateClient({ authMode: 'userPool' });
let client: ReturnType<typeof userPoolClient>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-userpool-'));
  stack = await spawnStack({ dataDir });
  const certPath = join(dataDir, 'tls', 'localhost.crt');
  ca = await readFile(certPath);
  installWebSocket(certPath);
  storage = new MemoryStorage();
  configureAmplifyAuth(stack.outputs, storage);
  client = userPoolClient();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The code npm start printed for this user, where a developer reads it. */
async function printedCode(username: string): Promise<string> {
  const pattern = new RegExp(`Verification code for ${username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(sign-up\\): (\\d{6})`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = pattern.exec(stack.output());
    if (found) return found[1];
    if (Date.now() > deadline) throw new Error(`no verification code printed for ${username}:\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A raw GraphQL POST with the token in Authorization, as Amplify sends it. */
async function postWithToken(token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: (await res.json()) as { data?: any; errors?: any[] } };
}

const realtimeUrl = () => `${stack.graphqlUrl.replace(/^http/, 'wss')}/realtime`;
const host = () => new URL(stack.graphqlUrl).host;

/** A token signed with the pool's own key (read from its data directory), so only the claims are wrong. */
async function signedByThePool(claims: Record<string, unknown>): Promise<string> {
  const jwk = JSON.parse(await readFile(join(dataDir, 'cognito', 'signing-key.json'), 'utf8')) as JWK;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid! }).sign(await importJWK(jwk, 'RS256'));
}

let blobId: string;
let tokenBeforeRestart: string;

describe('a signed-in user with the unmodified Amplify Auth and API clients', () => {
  it('signs up, and confirms with the printed code after a wrong code is refused', async () => {
    const { nextStep } = await signUp({ username: EMAIL, password: PASSWORD, options: { userAttributes: { email: EMAIL } } });
    expect(nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const code = await printedCode(EMAIL);
    const wrong = await failure(confirmSignUp({ username: EMAIL, confirmationCode: code === '000000' ? '111111' : '000000' }));
    expect(wrong.name).toBe('CodeMismatchException');
    expect(await confirmSignUp({ username: EMAIL, confirmationCode: code })).toMatchObject({ isSignUpComplete: true });
  });

  it('is refused with a wrong password, then signs in by SRP', async () => {
    expect((await failure(signIn({ username: EMAIL, password: 'Wrong-passw0rd!' }))).name).toBe('NotAuthorizedException');
    expect(await signIn({ username: EMAIL, password: PASSWORD })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(storage.token('accessToken')).toBeTruthy();
  });

  it('creates and reads a blob with authMode userPool', async () => {
    const created = (await client.graphql({ query: CREATE_BLOB, variables: { input: { contentType: 'image/jpeg' } } })) as { data: { createBlob: { id: string; uploadUrl: string } } };
    blobId = created.data.createBlob.id;
    const read = (await client.graphql({ query: BLOB, variables: { id: blobId } })) as { data: { blob: Blob } };
    expect(read.data.blob).toMatchObject({ id: blobId, status: 'PENDING_UPLOAD' });

    // The subscription, with the user's token in the handshake and the start: upload, then hear the result.
    const acknowledged = subscriptionAcknowledged((v) => v.id === blobId, 60_000);
    const event = new Promise<Blob>((resolve, reject) => {
      const subscription = (client.graphql({ query: ON_BLOB_LABELLED, variables: { id: blobId } }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({
        next: ({ data }: { data: { onBlobLabelled: Blob } }) => {
          subscription.unsubscribe();
          resolve(data.onBlobLabelled);
        },
        error: reject,
      });
    });
    await acknowledged;
    const upload = await fetch(created.data.createBlob.uploadUrl, { method: 'PUT', body: await readFile(image('messi5.jpg')), headers: { 'content-type': 'image/jpeg' } });
    expect(upload.status).toBe(200);
    const labelled = await event;
    expect(labelled).toMatchObject({ id: blobId, status: 'LABELLED' });
    expect(labelled.labels?.map((l) => l.name)).toContain('Person');
  }, 120_000);

  it('refreshes: fetchAuthSession({ forceRefresh: true }) gives a new token that the API accepts', async () => {
    const before = (await fetchAuthSession()).tokens!.accessToken.toString();
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens!.accessToken.toString();
    expect(after).not.toBe(before);
    expect(payloadOf(after)).toMatchObject({ sub: payloadOf(before).sub, token_use: 'access' });
    const { status, body } = await postWithToken(after, 'query($id: ID!) { blob(id: $id) { id status } }', { id: blobId });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { blob: { id: blobId, status: 'LABELLED' } } });
    tokenBeforeRestart = after;
  });
});

describe('forged and foreign tokens: 401, UnauthorizedException, and no data', () => {
  let genuine: string;
  beforeAll(async () => {
    genuine = (await fetchAuthSession()).tokens!.accessToken.toString();
  });

  const forgeries = async (): Promise<Array<[string, string]>> => {
    const claims = payloadOf(genuine);
    const now = Math.floor(Date.now() / 1000);
    const stranger = await createIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Stranger');
    const otherPool = await createIssuer(String(claims.iss).replace(/[^/]+$/, 'us-east-1_OtherPool1'));
    return [
      ['a tampered signature', tamperSignature(genuine)],
      ['the payload changed under the old signature', changePayload(genuine, { sub: '00000000-0000-0000-0000-000000000000', 'cognito:groups': ['admins'] })],
      ['alg: none', unsigned(genuine)],
      ['a token from another issuer', await stranger.accessToken({ sub: String(claims.sub), username: EMAIL }, String(claims.client_id))],
      ['a token from another pool', await otherPool.accessToken({ sub: String(claims.sub), username: EMAIL }, String(claims.client_id))],
      ['an expired token, signed by the pool itself', await signedByThePool({ ...claims, iat: now - 7200, exp: now - 3600 })],
      ['another app client’s token, signed by the pool itself', await signedByThePool({ ...claims, client_id: 'someotherappclient00000000' })],
    ];
  };

  it('over HTTP', async () => {
    for (const [name, token] of await forgeries()) {
      const r = await postWithToken(token, 'query($id: ID!) { blob(id: $id) { id status labels { name } } }', { id: blobId });
      expect({ name, status: r.status, errorType: r.errorType }).toEqual({ name, status: 401, errorType: 'UnauthorizedException' });
      expect(r.body).not.toHaveProperty('data');
      expect(r.body.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException' });
    }
    expect((await postWithToken(genuine, 'query($id: ID!) { blob(id: $id) { id } }', { id: blobId })).body).toEqual({ data: { blob: { id: blobId } } });
  });

  it('at the realtime handshake', async () => {
    for (const [name, token] of await forgeries()) {
      const rt = await connectRealtime(realtimeUrl(), { Authorization: token, host: host() }, ca);
      const reply = await rt.init();
      expect({ name, type: reply.type, errorType: reply.payload?.errors?.[0]?.errorType }).toEqual({ name, type: 'connection_error', errorType: 'UnauthorizedException' });
      rt.close();
    }
    const rt = await connectRealtime(realtimeUrl(), { Authorization: genuine, host: host() }, ca);
    expect((await rt.init()).type).toBe('connection_ack');
    expect(await rt.start('forged', 'subscription($id: ID!) { onBlobLabelled(id: $id) { id } }', { id: blobId }, { Authorization: tamperSignature(genuine), host: host() })).toMatchObject({
      type: 'error',
      payload: { errors: [{ errorType: 'UnauthorizedException' }] },
    });
    rt.close();
  });
});

describe('across a restart of npm start', () => {
  it('keeps users and keys: a token from before still works, and the session refreshes', async () => {
    const outputsBefore = stack.outputs;
    // Where clients expect it: the same GraphQL port, the same pool port (the issuer names it), and
    // the same S3 port (Amplify Storage's customEndpoint).
    const env = {
      BLOBS_PORT: new URL(stack.graphqlUrl).port,
      BLOBS_COGNITO_PORT: new URL(stack.outputs.custom!.user_pool_endpoint!).port,
      BLOBS_IDENTITY_POOL_PORT: new URL(stack.outputs.custom!.identity_pool_endpoint!).port,
      BLOBS_S3_PORT: new URL(`https://${stack.outputs.custom!.storage_endpoint!}`).port,
    };
    await stack.stop();
    stack = await spawnStack({ dataDir, env });
    expect(stack.outputs).toEqual(outputsBefore);
    expect(stack.outputs.auth?.user_pool_id).toBe(payloadOf(tokenBeforeRestart).iss?.toString().split('/').pop());
    expect((await postWithToken(tokenBeforeRestart, 'query($id: ID!) { blob(id: $id) { id status } }', { id: blobId })).body).toEqual({ data: { blob: { id: blobId, status: 'LABELLED' } } });
    const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens!.accessToken.toString();
    expect(refreshed).not.toBe(tokenBeforeRestart);
    const read = (await client.graphql({ query: BLOB, variables: { id: blobId } })) as { data: { blob: Blob } };
    expect(read.data.blob).toMatchObject({ id: blobId, status: 'LABELLED' });
    // And the password still signs in after a sign-out.
    await signOut();
    expect(await signIn({ username: EMAIL, password: PASSWORD })).toMatchObject({ isSignedIn: true });
  }, 120_000);

  it('signs out leaving no tokens', async () => {
    await signOut();
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    expect([...storage.items.keys()].filter((k) => /idToken|accessToken|refreshToken/.test(k))).toEqual([]);
    expect((await failure(getCurrentUser())).name).toBe('UserUnAuthenticatedException');
    expect((await failure(client.graphql({ query: BLOB, variables: { id: blobId } }) as Promise<unknown>)).message).toMatch(/No federated jwt|No current user/); // Amplify: no token to send
  });
});
