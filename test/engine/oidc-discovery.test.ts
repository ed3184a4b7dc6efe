/**
 * OPENID_CONNECT configured with the issuer alone, as on AppSync: the engine reads the issuer's
 * `/.well-known/openid-configuration`, takes the keys from its `jwks_uri`, keeps both, and fetches
 * the keys again when a token names a `kid` it does not hold (the issuer rotated its key). The
 * issuer is a real HTTP server on this machine that counts what it is asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, TokenRejected } from '../../local/appsync/server/auth/tokens.js';
import { createIssuer } from '../support/tokens.js';
import { startEngine } from './harness.js';
import { alice, expectRefused, OIDC_CLIENT, postWith } from './token-fixtures.js';

type Issuer = Awaited<ReturnType<typeof createIssuer>>;

/** An OIDC issuer over HTTP: its discovery document, its JWKS (whatever `keys` holds now), and a count of each. */
async function startIssuer() {
  const state = { keys: { keys: [] } as JSONWebKeySet, named: '', discoveryStatus: 200, asked: { discovery: 0, jwks: 0 } };
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') {
      state.asked.discovery++;
      if (state.discoveryStatus !== 200) return json(state.discoveryStatus, { message: 'unavailable' });
      return json(200, { issuer: state.named || issuer, jwks_uri: `${issuer}/protocol/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.url === '/protocol/keys') {
      state.asked.jwks++;
      return json(200, state.keys);
    }
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, state, close: () => new Promise((r) => server.close(r)) };
}

let idp: Awaited<ReturnType<typeof startIssuer>>;
let first: Issuer;
beforeAll(async () => {
  idp = await startIssuer();
  first = await createIssuer(idp.issuer);
  idp.state.keys = first.jwks;
});
afterAll(async () => {
  await idp?.close();
});

const all = () => true;

describe('OIDC keys discovered from the issuer', () => {
  it('serves a token over HTTP with nothing configured but the issuer, discovering once', async () => {
    const h = await startEngine({ additionalModes: ['AWS_IAM', 'OPENID_CONNECT'], oidc: { issuer: idp.issuer, clientId: OIDC_CLIENT } });
    try {
      const before = { ...idp.state.asked };
      for (let i = 0; i < 2; i++) {
        const { status, body } = await postWith(h.engine.url, await first.idToken(alice, OIDC_CLIENT), '{ oidcOnly me { authType sub issuer } }');
        expect(status).toBe(200);
        expect(body).toEqual({ data: { oidcOnly: 'oidcOnly', me: { authType: 'Open ID Connect Authorization', sub: alice.sub, issuer: idp.issuer } } });
      }
      // Two tokens, one discovery and one key fetch: both are kept.
      expect(idp.state.asked).toEqual({ discovery: before.discovery + 1, jwks: before.jwks + 1 });
      // A token of another issuer that copies this one's name is refused: its key is not the issuer's.
      const impostor = await createIssuer(idp.issuer);
      expectRefused(await postWith(h.engine.url, await impostor.idToken(alice, OIDC_CLIENT), '{ oidcOnly }'));
    } finally {
      await h.close();
    }
  });

  it('fetches the keys again when a token names an unknown kid, and takes the rotated key', async () => {
    const verifier = createTokenVerifier({ oidc: { issuer: idp.issuer }, keyRefreshCooldownMs: 0 });
    const before = { ...idp.state.asked };
    expect((await verifier.verify(await first.idToken(alice, OIDC_CLIENT), all)).claims.sub).toBe(alice.sub);
    // The issuer rotates: a new key pair under a new kid, published beside the old one.
    const rotated = await createIssuer(idp.issuer);
    idp.state.keys = { keys: [...first.jwks.keys, ...rotated.jwks.keys] };
    expect((await verifier.verify(await rotated.idToken(alice, OIDC_CLIENT), all)).mode).toBe('OPENID_CONNECT');
    expect(idp.state.asked).toEqual({ discovery: before.discovery + 1, jwks: before.jwks + 2 });
    // The old key is still published and still held: no fetch for it.
    await verifier.verify(await first.idToken(alice, OIDC_CLIENT), all);
    expect(idp.state.asked.jwks).toBe(before.jwks + 2);
    idp.state.keys = first.jwks;
  });

  it('refuses while the discovery document is unavailable, and discovers again once it is back', async () => {
    const verifier = createTokenVerifier({ oidc: { issuer: idp.issuer } });
    const token = await first.idToken(alice, OIDC_CLIENT);
    idp.state.discoveryStatus = 503;
    await expect(verifier.verify(token, all)).rejects.toThrow(new TokenRejected('You are not authorized to make this call.'));
    idp.state.discoveryStatus = 200;
    expect((await verifier.verify(token, all)).claims.sub).toBe(alice.sub);
  });

  it('refuses every token when the discovery document names another issuer', async () => {
    const verifier = createTokenVerifier({ oidc: { issuer: idp.issuer } });
    idp.state.named = 'https://elsewhere.example.test';
    try {
      await expect(verifier.verify(await first.idToken(alice, OIDC_CLIENT), all)).rejects.toThrow(new TokenRejected('You are not authorized to make this call.'));
    } finally {
      idp.state.named = '';
    }
  });
});
