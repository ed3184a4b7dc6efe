/** What the token-auth tests share: app clients, users, a JWKS over HTTP, posting with a token, AppSync's refusal. */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { expect } from 'vitest';
import type { TokenUser } from '../support/tokens.js';

export const CLIENT_ID = 'localclient1';
export const OTHER_CLIENT_ID = 'otherclient2';
export const OIDC_CLIENT = 'oidc-app';
export const alice: TokenUser = { sub: randomUUID(), username: 'alice@example.com', email: 'alice@example.com' };
export const admin: TokenUser = { sub: randomUUID(), username: 'root@example.com', groups: ['admins'] };

/** The JWKS published over HTTP, as a pool publishes it at <issuer>/.well-known/jwks.json. */
export async function serveJwks(jwks: object): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function postWith(url: string, authorization: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** 401, AppSync's header and error body, and not a byte of data. */
export function expectRefused(r: Awaited<ReturnType<typeof postWith>>, message: RegExp | string = /not authorized|expired|parse/i) {
  expect(r.status).toBe(401);
  expect(r.errorType).toBe('UnauthorizedException');
  expect(r.body).not.toHaveProperty('data');
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors![0]).toMatchObject({ errorType: 'UnauthorizedException', message: expect.stringMatching(message) });
}

