/**
 * The token verifier on its own (token-auth.test.ts drives it through the engine): client
 * matching, required claims, the TTL boundaries, which refusals are logged, and the memory of
 * verified tokens. Tokens are minted with jose and verified for real; the number of RS256
 * signature checks (crypto.subtle.verify, spied on, not replaced) shows when the memory served.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, type OidcAuthConfig, TokenRejected } from '../../local/appsync/server/auth/tokens.js';
import { createIssuer, payloadOf, tamperSignature } from '../support/tokens.js';
import { alice, CLIENT_ID, OIDC_CLIENT, OTHER_CLIENT_ID } from './token-fixtures.js';

type Issuer = Awaited<ReturnType<typeof createIssuer>>;
let pool: Issuer;
let oidc: Issuer;
beforeAll(async () => {
  pool = await createIssuer('http://127.0.0.1:9/us-east-1_VerifierPool');
  oidc = await createIssuer('https://id.verifier.example.test');
});

const all = () => true;
const NOT_AUTHORIZED = 'You are not authorized to make this call.';
const EXPIRED = 'Token has expired.';
const poolWith = (appIdClientRegex?: string) => createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks }, appIdClientRegex } });
const oidcWith = (config: Partial<OidcAuthConfig>) => createTokenVerifier({ oidc: { issuer: oidc.issuer, keys: { jwks: oidc.jwks }, ...config } });
const seconds = (token: string, claim: string) => payloadOf(token)[claim] as number;

const servers: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A JWKS endpoint that counts the fetches it answers. */
async function jwksEndpoint(jwks: object) {
  const hits = { count: 0 };
  const server = createServer((_req, res) => {
    hits.count++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, hits };
}

describe('what a verifier handles', () => {
  it('says which modes it was configured for', () => {
    const pooled = poolWith();
    expect([pooled.handles('AMAZON_COGNITO_USER_POOLS'), pooled.handles('OPENID_CONNECT')]).toEqual([true, false]);
    const oidcOnly = oidcWith({});
    expect([oidcOnly.handles('AMAZON_COGNITO_USER_POOLS'), oidcOnly.handles('OPENID_CONNECT')]).toEqual([false, true]);
  });

  it('names the mode and issuer a token was verified for', async () => {
    expect(await poolWith().verify(await pool.accessToken(alice, CLIENT_ID), all)).toMatchObject({ mode: 'AMAZON_COGNITO_USER_POOLS', issuer: pool.issuer, claims: { sub: alice.sub } });
    expect(await oidcWith({}).verify(await oidc.idToken(alice, OIDC_CLIENT), all)).toMatchObject({ mode: 'OPENID_CONNECT', issuer: oidc.issuer, claims: { sub: alice.sub } });
  });
});

describe('user-pool app clients', () => {
  it('match appIdClientRegex as a whole, never a part of the client id', async () => {
    await expect(poolWith('client').verify(await pool.accessToken(alice, CLIENT_ID), all)).rejects.toThrow(NOT_AUTHORIZED);
    await expect(poolWith('local').verify(await pool.idToken(alice, CLIENT_ID), all)).rejects.toThrow(NOT_AUTHORIZED);
    expect((await poolWith('local.*').verify(await pool.accessToken(alice, CLIENT_ID), all)).claims.sub).toBe(alice.sub);
  });

  it('without appIdClientRegex any client of the pool, but only in an id or access token', async () => {
    expect((await poolWith().verify(await pool.accessToken(alice, OTHER_CLIENT_ID), all)).claims.sub).toBe(alice.sub);
    await expect(poolWith().verify(await pool.sign({ sub: alice.sub, token_use: 'refresh', client_id: CLIENT_ID }), all)).rejects.toThrow(NOT_AUTHORIZED);
    await expect(poolWith().verify(await pool.sign({ sub: alice.sub, client_id: CLIENT_ID, aud: CLIENT_ID }), all)).rejects.toThrow(NOT_AUTHORIZED);
  });

  it('requires a subject', async () => {
    await expect(poolWith().verify(await pool.sign({ token_use: 'access', client_id: CLIENT_ID }), all)).rejects.toThrow(NOT_AUTHORIZED);
  });
});

describe('OIDC clients', () => {
  it('match clientId against any of aud, azp and client_id', async () => {
    const verifier = oidcWith({ clientId: OIDC_CLIENT });
    for (const claims of [{ aud: ['another-api', OIDC_CLIENT] }, { aud: 'another-api', azp: OIDC_CLIENT }, { client_id: OIDC_CLIENT }]) {
      expect({ claims, sub: (await verifier.verify(await oidc.sign({ sub: alice.sub, ...claims }), all)).claims.sub }).toEqual({ claims, sub: alice.sub });
    }
    await expect(verifier.verify(await oidc.sign({ sub: alice.sub, aud: ['another-api'], azp: 'x' }), all)).rejects.toThrow(NOT_AUTHORIZED);
  });

  it('refuse a token that names no client, even under a pattern that matches any name', async () => {
    await expect(oidcWith({ clientId: '.+' }).verify(await oidc.sign({ sub: alice.sub }), all)).rejects.toThrow(NOT_AUTHORIZED);
  });
});

describe('OIDC iatTTL and authTTL', () => {
  it('accept a token up to exactly iatTTL plus the 5 s tolerance after iat, and not a millisecond later', async () => {
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 7200 });
    const limit = seconds(token, 'iat') * 1000 + 60_000 + 5_000;
    expect((await oidcWith({ iatTTL: 60_000 }).verify(token, all, new Date(limit))).claims.sub).toBe(alice.sub);
    await expect(oidcWith({ iatTTL: 60_000 }).verify(token, all, new Date(limit + 1))).rejects.toThrow(EXPIRED);
  });

  it('accept a sign-in up to exactly authTTL plus the 5 s tolerance after auth_time, and not a millisecond later', async () => {
    const authTime = Math.floor(Date.now() / 1000) - 30;
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 7200, extra: { auth_time: authTime } });
    const limit = authTime * 1000 + 60_000 + 5_000;
    expect((await oidcWith({ authTTL: 60_000 }).verify(token, all, new Date(limit))).claims.sub).toBe(alice.sub);
    await expect(oidcWith({ authTTL: 60_000 }).verify(token, all, new Date(limit + 1))).rejects.toThrow(EXPIRED);
  });

  it('refuse a token without auth_time when authTTL is set', async () => {
    const token = await oidc.idToken(alice, OIDC_CLIENT, { extra: { auth_time: undefined } });
    expect(payloadOf(token)).not.toHaveProperty('auth_time');
    await expect(oidcWith({ authTTL: 3_600_000 }).verify(token, all)).rejects.toThrow(EXPIRED);
  });
});

describe('refusals and the operator’s log', () => {
  it('a forged token is refused without claiming the keys were unavailable', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(poolWith().verify(tamperSignature(await pool.accessToken(alice, CLIENT_ID)), all)).rejects.toThrow(NOT_AUTHORIZED);
    expect(logged).not.toHaveBeenCalled();
  });

  it('keys that cannot be fetched: refused, and one ERROR line says why', async () => {
    const closed = await jwksEndpoint(pool.jwks);
    await new Promise((r) => servers.pop()!.close(r));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwksUri: closed.uri } } });
    await expect(verifier.verify(await pool.accessToken(alice, CLIENT_ID), all)).rejects.toThrow(NOT_AUTHORIZED);
    expect(logged.mock.calls.map((c) => JSON.parse(String(c[0])))).toEqual([{ level: 'ERROR', message: 'token signing keys unavailable', issuer: pool.issuer, error: expect.any(String) }]);
  });

  it('gives the issuer’s JWKS endpoint 10 s to answer (jose’s default is 5 s)', async () => {
    const jwks = await jwksEndpoint(pool.jwks);
    const deadline = vi.spyOn(AbortSignal, 'timeout');
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwksUri: jwks.uri } } });
    expect((await verifier.verify(await pool.accessToken(alice, CLIENT_ID), all)).claims.sub).toBe(alice.sub);
    expect(jwks.hits.count).toBe(1);
    expect(deadline).toHaveBeenCalledWith(10_000);
  });

  it('a token of an unknown issuer, or of a mode switched off, makes no request for anyone’s keys', async () => {
    const jwks = await jwksEndpoint(oidc.jwks);
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks } }, oidc: { issuer: oidc.issuer, keys: { jwksUri: jwks.uri } } });
    const stranger = await createIssuer('https://stranger.example.test');
    await expect(verifier.verify(await stranger.idToken(alice, OIDC_CLIENT), all)).rejects.toThrow(NOT_AUTHORIZED);
    await expect(verifier.verify(await pool.accessToken(alice, CLIENT_ID), (mode) => mode === 'OPENID_CONNECT')).rejects.toThrow(NOT_AUTHORIZED);
    expect(jwks.hits.count).toBe(0);
    // The endpoint works: a token of its issuer fetches the keys once.
    expect((await verifier.verify(await oidc.idToken(alice, OIDC_CLIENT), all)).mode).toBe('OPENID_CONNECT');
    expect(jwks.hits.count).toBe(1);
  });
});

describe('the memory of verified tokens', () => {
  const signatureChecks = () => vi.spyOn(crypto.subtle, 'verify');

  it('serves a token until exp plus the tolerance without checking its signature again, then refuses it', async () => {
    const checks = signatureChecks();
    const verifier = poolWith();
    const token = await pool.accessToken(alice, CLIENT_ID, { expiresIn: 600 });
    const exp = seconds(token, 'exp') * 1000;
    await verifier.verify(token, all, new Date(exp - 600_000));
    expect(checks).toHaveBeenCalledTimes(1);
    expect((await verifier.verify(token, all, new Date(exp + 4_999))).claims.sub).toBe(alice.sub);
    expect(checks).toHaveBeenCalledTimes(1);
    await expect(verifier.verify(token, all, new Date(exp + 5_000))).rejects.toThrow(EXPIRED);
  });

  it('holds a user-pool token to its exp only, though OIDC has TTLs', async () => {
    const checks = signatureChecks();
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks } }, oidc: { issuer: oidc.issuer, keys: { jwks: oidc.jwks }, iatTTL: 60_000, authTTL: 60_000 } });
    const token = await pool.accessToken(alice, CLIENT_ID, { expiresIn: 3600 });
    const iat = seconds(token, 'iat') * 1000;
    await verifier.verify(token, all, new Date(iat));
    expect((await verifier.verify(token, all, new Date(iat + 120_000))).mode).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('holds an OIDC token without TTLs to its exp', async () => {
    const checks = signatureChecks();
    const verifier = oidcWith({});
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 3600 });
    const iat = seconds(token, 'iat') * 1000;
    await verifier.verify(token, all, new Date(iat));
    await verifier.verify(token, all, new Date(iat + 120_000));
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('holds an OIDC token until iatTTL plus the tolerance, then checks it again and refuses it', async () => {
    const checks = signatureChecks();
    const verifier = oidcWith({ iatTTL: 60_000 });
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 3600 });
    const iat = seconds(token, 'iat') * 1000;
    await verifier.verify(token, all, new Date(iat));
    await verifier.verify(token, all, new Date(iat + 64_999));
    expect(checks).toHaveBeenCalledTimes(1);
    await expect(verifier.verify(token, all, new Date(iat + 65_001))).rejects.toThrow(EXPIRED);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('holds an OIDC token until authTTL plus the tolerance after auth_time, then checks it again and refuses it', async () => {
    const checks = signatureChecks();
    const verifier = oidcWith({ authTTL: 60_000 });
    const authTime = Math.floor(Date.now() / 1000) - 30;
    const token = await oidc.idToken(alice, OIDC_CLIENT, { expiresIn: 3600, extra: { auth_time: authTime } });
    await verifier.verify(token, all, new Date(seconds(token, 'iat') * 1000));
    await verifier.verify(token, all, new Date(authTime * 1000 + 64_999));
    expect(checks).toHaveBeenCalledTimes(1);
    await expect(verifier.verify(token, all, new Date(authTime * 1000 + 65_001))).rejects.toThrow(EXPIRED);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('remembers at most cacheSize tokens and forgets the oldest first', async () => {
    const checks = signatureChecks();
    const verifier = createTokenVerifier({ userPool: { issuer: pool.issuer, keys: { jwks: pool.jwks } }, cacheSize: 2 });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => pool.accessToken(alice, CLIENT_ID)));
    const verifyAndCount = async (token: string) => {
      const before = checks.mock.calls.length;
      await verifier.verify(token, all);
      return checks.mock.calls.length - before;
    };
    // Signature checks per call: a and b are checked and both remembered, c pushes a out.
    expect([await verifyAndCount(a), await verifyAndCount(b), await verifyAndCount(a), await verifyAndCount(b)]).toEqual([1, 1, 0, 0]);
    expect([await verifyAndCount(c), await verifyAndCount(b), await verifyAndCount(c), await verifyAndCount(a)]).toEqual([1, 0, 0, 1]);
  });

  it('never takes a rejected token for a remembered one', async () => {
    const verifier = poolWith();
    const token = await pool.accessToken(alice, CLIENT_ID);
    await verifier.verify(token, all);
    await expect(verifier.verify(tamperSignature(token), all)).rejects.toBeInstanceOf(TokenRejected);
  });
});
