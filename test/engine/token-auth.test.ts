/**
 * AMAZON_COGNITO_USER_POOLS and OPENID_CONNECT in the local engine (issue 11): tokens minted here
 * with jose are verified as AppSync verifies them, over HTTP and the realtime websocket, and the
 * directives decide per type and field. The pool's JWKS is fetched over HTTP (as from the
 * Cognito stand-in); the OIDC keys are handed over in-process. User pools as the default mode:
 * token-default-mode.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthConfig } from '../../local/appsync/index.js';
import { createTokenVerifier, TokenRejected } from '../../local/appsync/server/auth/tokens.js';
import { connectRealtime } from '../support/realtime-client.js';
import { changePayload, createIssuer, tamperSignature, unsigned } from '../support/tokens.js';
import { API_KEY, startEngine } from './harness.js';
import { admin, alice, CLIENT_ID, expectRefused, OIDC_CLIENT, OTHER_CLIENT_ID, postWith, serveJwks } from './token-fixtures.js';

type Issuer = Awaited<ReturnType<typeof createIssuer>>;
let pool: Issuer;
let otherPool: Issuer;
let oidc: Issuer;
let jwksServer: Server;
let jwksUri: string;
let h: Awaited<ReturnType<typeof startEngine>>;

const tokenAuth = (pool: Issuer, oidc: Issuer, extra: Partial<AuthConfig> = {}): Partial<AuthConfig> => ({
  additionalModes: ['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT'],
  userPool: { issuer: pool.issuer, keys: { jwksUri }, appIdClientRegex: CLIENT_ID },
  oidc: { issuer: oidc.issuer, keys: { jwks: oidc.jwks }, clientId: OIDC_CLIENT, iatTTL: 3_600_000, authTTL: 7_200_000 },
  ...extra,
});

beforeAll(async () => {
  pool = await createIssuer('http://127.0.0.1:9/us-east-1_LocalPool');
  // Another pool: its own keys and issuer. A third issuer reuses the pool's issuer with other keys.
  otherPool = await createIssuer('http://127.0.0.1:9/us-east-1_OtherPool');
  oidc = await createIssuer('https://id.example.test');
  jwksServer = await serveJwks(pool.jwks);
  jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  h = await startEngine(tokenAuth(pool, oidc));
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => jwksServer?.close(r));
});

const post = (authorization: string | undefined, query: string, variables?: Record<string, unknown>) => postWith(h.engine.url, authorization, query, variables);

describe('user-pool tokens over HTTP', () => {
  it('accepts an access token (what Amplify sends) and gives resolvers the identity AppSync gives', async () => {
    const token = await pool.accessToken(alice, CLIENT_ID);
    const { status, body } = await post(token, '{ me { authType sub issuer username groups sourceIp defaultAuthStrategy tokenUse } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        me: { authType: 'User Pool Authorization', sub: alice.sub, issuer: pool.issuer, username: alice.username, groups: null, sourceIp: [expect.stringMatching(/127\.0\.0\.1/)], defaultAuthStrategy: 'ALLOW', tokenUse: 'access' },
      },
    });
  });

  it('accepts an id token, with the user in cognito:username and its claims', async () => {
    const token = await pool.idToken(alice, CLIENT_ID);
    const { body } = await post(token, '{ me { username tokenUse email } }');
    expect(body).toEqual({ data: { me: { username: alice.username, tokenUse: 'id', email: alice.email } } });
  });

  it('refuses each forged or foreign token with 401 and no data', async () => {
    const good = await pool.accessToken(alice, CLIENT_ID);
    const cases: Array<[string, string, RegExp?]> = [
      ['a tampered signature', tamperSignature(good)],
      ['another sub under the old signature', changePayload(good, { sub: admin.sub })],
      ['groups added under the old signature', changePayload(good, { 'cognito:groups': ['admins'] })],
      ['alg: none', unsigned(good)],
      ['another pool', await otherPool.accessToken(alice, CLIENT_ID)],
      ['this pool’s issuer, signed by a key it never published', await (await createIssuer(pool.issuer)).accessToken(alice, CLIENT_ID)],
      ['an expired token', await pool.accessToken(alice, CLIENT_ID, { expiresIn: -60 }), /expired/],
      ['another app client’s access token', await pool.accessToken(alice, OTHER_CLIENT_ID)],
      ['another app client’s id token', await pool.idToken(alice, OTHER_CLIENT_ID)],
      ['a token that is neither id nor access', await pool.sign({ sub: alice.sub, token_use: 'refresh', client_id: CLIENT_ID })],
      ['the OIDC issuer’s token for a pool client', await oidc.accessToken(alice, CLIENT_ID)],
      ['a Bearer prefix (AppSync takes the raw token)', `Bearer ${good}`],
      ['not a JWT at all', 'let-me-in', /parse/],
    ];
    for (const [name, token, message] of cases) {
      const r = await post(token, '{ me { sub } item(id: "x") { id } }');
      expect({ name, status: r.status }).toEqual({ name, status: 401 });
      expectRefused(r, message);
    }
    // The genuine token still works, so the refusals above were about the forgeries.
    expect((await post(good, '{ me { sub } }')).body).toEqual({ data: { me: { sub: alice.sub } } });
  });

  it('refuses an HMAC token signed with the public key as secret (algorithm confusion)', async () => {
    const { SignJWT } = await import('jose');
    const secret = new TextEncoder().encode(JSON.stringify(pool.jwks.keys[0]));
    const forged = await new SignJWT({ sub: admin.sub, token_use: 'access', client_id: CLIENT_ID, 'cognito:groups': ['admins'] })
      .setProtectedHeader({ alg: 'HS256', kid: pool.jwks.keys[0].kid })
      .setIssuer(pool.issuer)
      .setExpirationTime('1h')
      .sign(secret);
    expectRefused(await post(forged, '{ admins }'));
  });

  it('refuses (401, not 500) while the pool’s JWKS cannot be fetched', async () => {
    const down = await serveJwks(pool.jwks);
    const { port } = down.address() as AddressInfo;
    await new Promise((r) => down.close(r));
    const e = await startEngine(tokenAuth(pool, oidc, { userPool: { issuer: pool.issuer, keys: { jwksUri: `http://127.0.0.1:${port}/.well-known/jwks.json` }, appIdClientRegex: CLIENT_ID } }));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expectRefused(await postWith(e.engine.url, await pool.accessToken(alice, CLIENT_ID), '{ poolOnly }'));
      expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/token signing keys unavailable/);
    } finally {
      logged.mockRestore();
      await e.close();
    }
  });

  it('tolerates a few seconds of clock skew, no more', async () => {
    expect((await post(await pool.accessToken(alice, CLIENT_ID, { expiresIn: -2 }), '{ poolOnly }')).body).toEqual({ data: { poolOnly: 'poolOnly' } });
    expectRefused(await post(await pool.accessToken(alice, CLIENT_ID, { expiresIn: -30 }), '{ poolOnly }'), /expired/);
  });
});

describe('verified tokens are remembered, never past their time', () => {
  const all = () => true;

  it('a token verified once is refused once it expires, and a forgery of it is never taken for it', async () => {
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks }, appIdClientRegex: CLIENT_ID } });
    const token = await pool.accessToken(alice, CLIENT_ID, { expiresIn: 60 });
    const now = Date.now();
    expect((await verifier.verify(token, all, new Date(now))).claims.sub).toBe(alice.sub);
    expect((await verifier.verify(token, all, new Date(now + 30_000))).claims.sub).toBe(alice.sub);
    await expect(verifier.verify(token, all, new Date(now + 120_000))).rejects.toThrow('Token has expired.');
    await expect(verifier.verify(tamperSignature(token), all, new Date(now))).rejects.toBeInstanceOf(TokenRejected);
    await expect(verifier.verify(changePayload(token, { sub: admin.sub }), all, new Date(now))).rejects.toBeInstanceOf(TokenRejected);
  });

  it('an OIDC token verified once is refused after iatTTL and authTTL', async () => {
    const verifier = createTokenVerifier({ oidc: { issuer: oidc.issuer, keys: { jwks: oidc.jwks }, iatTTL: 60_000, authTTL: 3_600_000 } });
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 7200 });
    const now = Date.now();
    await verifier.verify(token, all, new Date(now));
    await expect(verifier.verify(token, all, new Date(now + 120_000))).rejects.toThrow('Token has expired.');
    // A mode switched off is not served from the memory either.
    await expect(verifier.verify(token, (mode) => mode !== 'OPENID_CONNECT', new Date(now))).rejects.toBeInstanceOf(TokenRejected);
  });
});

describe('directives for user-pool callers', () => {
  it('opens a field without a directive to the default mode (API key) only', async () => {
    const token = await pool.accessToken(alice, CLIENT_ID);
    const { status, body } = await post(token, '{ defaultOnly poolOnly }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ defaultOnly: null, poolOnly: 'poolOnly' });
    expect(body.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access defaultOnly on type Query', path: ['defaultOnly'] })]);
  });

  it('keeps @aws_cognito_user_pools fields from API-key callers, and @aws_oidc fields from pool callers', async () => {
    const keyed = await h.post('{ poolOnly whoami }');
    expect(keyed.body.data).toEqual({ poolOnly: null, whoami: 'api-key (API Key Authorization)' });
    expect(keyed.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['poolOnly'] });
    const pooled = await post(await pool.accessToken(alice, CLIENT_ID), '{ oidcOnly whoami }');
    expect(pooled.body.data).toEqual({ oidcOnly: null, whoami: null });
    expect(pooled.body.errors?.map((e: any) => e.path[0]).sort()).toEqual(['oidcOnly', 'whoami']);
  });

  it('admits only members of cognito_groups, on fields and on a type’s field', async () => {
    const user = await pool.accessToken(alice, CLIENT_ID);
    const boss = await pool.accessToken(admin, CLIENT_ID);
    const ops = await pool.idToken({ ...alice, groups: ['ops'] }, CLIENT_ID);
    expect((await post(user, '{ admins }')).body).toMatchObject({ data: { admins: null }, errors: [{ errorType: 'Unauthorized' }] });
    expect((await post(boss, '{ admins }')).body).toEqual({ data: { admins: 'admins' } });
    expect((await post(ops, '{ admins }')).body).toEqual({ data: { admins: 'admins' } });
    // Me is open to every user; Me.secret only to admins.
    expect((await post(user, '{ me { sub secret } }')).body).toMatchObject({ data: { me: { sub: alice.sub, secret: null } }, errors: [{ path: ['me', 'secret'] }] });
    expect((await post(boss, '{ me { groups secret } }')).body).toEqual({ data: { me: { groups: ['admins'], secret: 'only for admins' } } });
    // A group rule binds user-pool callers only: the API key named beside it still passes.
    expect((await h.post('{ adminsOrKey }')).body).toEqual({ data: { adminsOrKey: 'adminsOrKey' } });
    expect((await post(user, '{ adminsOrKey }')).body.data).toEqual({ adminsOrKey: null });
  });
});

describe('OIDC tokens', () => {
  it('accepts a token from the configured issuer for the configured client', async () => {
    const token = await oidc.idToken(alice, OIDC_CLIENT);
    const { body } = await post(token, '{ oidcOnly me { authType sub issuer } }');
    expect(body).toEqual({ data: { oidcOnly: 'oidcOnly', me: { authType: 'Open ID Connect Authorization', sub: alice.sub, issuer: oidc.issuer } } });
    const pool = await post(token, '{ poolOnly }');
    expect(pool.body).toMatchObject({ data: { poolOnly: null }, errors: [{ errorType: 'Unauthorized' }] });
  });

  it('refuses another client, a token issued longer ago than iatTTL, a sign-in older than authTTL, an expired token', async () => {
    expectRefused(await post(await oidc.idToken(alice, 'someone-else'), '{ oidcOnly }'));
    expectRefused(await post(await oidc.idToken(alice, OIDC_CLIENT, { issuedAgo: 2 * 3600, expiresIn: 600 }), '{ oidcOnly }'), /expired/);
    expectRefused(await post(await oidc.idToken(alice, OIDC_CLIENT, { extra: { auth_time: Math.floor(Date.now() / 1000) - 3 * 3600 } }), '{ oidcOnly }'), /expired/);
    expectRefused(await post(await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: -60 }), '{ oidcOnly }'), /expired/);
    expectRefused(await post(tamperSignature(await oidc.idToken(alice, OIDC_CLIENT)), '{ oidcOnly }'));
  });
});

describe('user-pool tokens over the realtime websocket', () => {
  const ON_ITEM = 'subscription($id: ID) { onItem(id: $id) { id name } }';
  const host = () => new URL(h.engine.url).host;

  it('takes the raw token in the handshake and in each start, and delivers the event', async () => {
    const token = await pool.accessToken(alice, CLIENT_ID);
    const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: token, host: host() }, h.ca);
    expect((await rt.init()).type).toBe('connection_ack');
    const id = randomUUID();
    expect(await rt.start('pool', ON_ITEM, { id }, { Authorization: token, host: host() })).toEqual({ id: 'pool', type: 'start_ack' });
    await h.post('mutation($id: ID!) { putItem(id: $id, name: "for alice") { id name } }', { id });
    expect((await rt.next((m) => m.id === 'pool' && m.type === 'data')).payload).toEqual({ data: { onItem: { id, name: 'for alice' } } });
    rt.close();
  });

  it('refuses a forged, expired or foreign token at the handshake with connection_error', async () => {
    const good = await pool.accessToken(alice, CLIENT_ID);
    for (const token of [tamperSignature(good), changePayload(good, { sub: admin.sub }), unsigned(good), await otherPool.accessToken(alice, CLIENT_ID), await pool.accessToken(alice, CLIENT_ID, { expiresIn: -60 }), await pool.accessToken(alice, OTHER_CLIENT_ID)]) {
      const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: token, host: host() }, h.ca);
      expect(await rt.init()).toMatchObject({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
      expect(rt.messages.filter((m) => m.type === 'data' || m.type === 'connection_ack')).toEqual([]);
      rt.close();
    }
  });

  it('checks each start’s token and groups on its own', async () => {
    const good = await pool.accessToken(alice, CLIENT_ID);
    const rt = await connectRealtime(h.engine.realtimeUrl, { Authorization: good, host: host() }, h.ca);
    await rt.init();
    const bad = { Authorization: tamperSignature(good), host: host() };
    expect(await rt.start('forged', ON_ITEM, {}, bad)).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } });
    expect(await rt.start('no-group', 'subscription { onItemForAdmins { id } }', {}, { Authorization: good, host: host() })).toMatchObject({ type: 'error', payload: { errors: [{ errorType: 'Unauthorized' }] } });
    const boss = { Authorization: await pool.accessToken(admin, CLIENT_ID), host: host() };
    expect((await rt.start('admin', 'subscription { onItemForAdmins { id } }', {}, boss)).type).toBe('start_ack');
    // An API key on the same socket is still its own, valid mode.
    expect((await rt.start('keyed', ON_ITEM, {}, { 'x-api-key': API_KEY, host: host() })).type).toBe('start_ack');
    const id = randomUUID();
    await h.post('mutation($id: ID!) { putItem(id: $id, name: "n") { id } }', { id });
    await rt.next((m) => m.id === 'admin' && m.type === 'data');
    await rt.next((m) => m.id === 'keyed' && m.type === 'data');
    expect(rt.messages.filter((m) => m.id === 'forged' || m.id === 'no-group')).toEqual([]);
    rt.close();
  });
});
