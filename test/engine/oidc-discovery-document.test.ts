/**
 * OIDC discovery on its own (local/appsync/server/auth/discovery.ts): where the document is
 * looked for, what is asked for, and each refusal with the reason the operator reads. The issuer
 * is a real HTTP server on this machine that answers whatever document the test sets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscoveryFailed, discoveredKeys, discoveryUrl } from '../../local/appsync/server/auth/discovery.js';

const state = { status: 200, body: '{}', accept: '' as string | undefined };
let server: Server;
let issuer: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    state.accept = req.headers.accept;
    res.writeHead(state.status, { 'content-type': 'application/json' }).end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const header = { alg: 'RS256', kid: 'k1' };
const token = { payload: '', signature: '' } as never;
/** The reason discovery gives for the document the server now serves. */
async function refusal(body: unknown, status = 200, from = issuer): Promise<unknown> {
  state.status = status;
  state.body = typeof body === 'string' ? body : JSON.stringify(body);
  return Promise.resolve(discoveredKeys(from, { timeoutMs: 5_000 })(header, token)).then(
    () => undefined,
    (error: unknown) => error,
  );
}
const wellKnown = () => `${issuer}/.well-known/openid-configuration`;

describe('discoveryUrl', () => {
  it('joins the issuer and the well-known path, dropping the issuer’s trailing slashes only', () => {
    expect(discoveryUrl('https://idp.example.test/realms/a').href).toBe('https://idp.example.test/realms/a/.well-known/openid-configuration');
    expect(discoveryUrl('https://idp.example.test/realms/a/').href).toBe('https://idp.example.test/realms/a/.well-known/openid-configuration');
    expect(discoveryUrl('https://idp.example.test//').href).toBe('https://idp.example.test/.well-known/openid-configuration');
  });
});

describe('the discovery document', () => {
  it('is asked for as JSON', async () => {
    state.accept = undefined;
    await refusal({ issuer, jwks_uri: 'not a url' });
    expect(state.accept).toBe('application/json');
  });

  it('refuses an HTTP error with its status', async () => {
    expect(await refusal({ issuer, jwks_uri: `${issuer}/keys` }, 503)).toEqual(new DiscoveryFailed(`${wellKnown()} answered HTTP 503`));
  });

  it('refuses a body that is not JSON, and an issuer that cannot be reached', async () => {
    const notJson = await refusal('<html>');
    expect(notJson).toBeInstanceOf(DiscoveryFailed);
    expect((notJson as Error).message).toMatch(new RegExp(`^${wellKnown()}: .+`));
    // Port 1 (tcpmux) has no listener here: the connection is refused at once.
    const unreachable = await Promise.resolve(discoveredKeys('http://127.0.0.1:1', { timeoutMs: 2_000 })(header, token)).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(DiscoveryFailed);
    expect((unreachable as Error).message).toMatch(/^http:\/\/127\.0\.0\.1:1\/\.well-known\/openid-configuration: .+/);
  });

  it('refuses a document naming another issuer', async () => {
    expect(await refusal({ issuer: 'https://elsewhere.example.test', jwks_uri: `${issuer}/keys` })).toEqual(
      new DiscoveryFailed(`${wellKnown()} names issuer "https://elsewhere.example.test", not ${issuer}`),
    );
  });

  it('refuses a missing jwks_uri, and one that is not a URL', async () => {
    expect(await refusal({ issuer })).toEqual(new DiscoveryFailed(`${wellKnown()} has no jwks_uri`));
    expect(await refusal({ issuer, jwks_uri: 'not a url' })).toEqual(new DiscoveryFailed(`${wellKnown()} has an invalid jwks_uri "not a url"`));
  });
});
