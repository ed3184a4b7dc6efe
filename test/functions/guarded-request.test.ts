/**
 * The webhook sender's socket-level guard on its own (ssrf.test.ts covers the address policy):
 * how it asks DNS, what it hands the socket, the protocol and method it sends, and how an answer
 * that breaks off or never comes ends the exchange. In-process, against real local listeners.
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockedAddressError, guardedLookup, guardedPost } from '../../functions/lib/webhook/guarded-request.js';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };
const PUBLIC_V4 = '93.184.216.34';
const PUBLIC_V6 = '2606:2800:220:1:248:1893:25c8:1946';

/** Names as a zone lists them, in the order its answer gives them. */
const ZONE: Record<string, string[]> = {
  'dual.example.test': [PUBLIC_V6, PUBLIC_V4],
  'mixed.example.test': [PUBLIC_V4, '169.254.169.254'],
};

/**
 * A resolver with node:dns lookup's contract: one address unless `all`, and IPv4 first unless
 * `verbatim`. It answers synchronously, so a guard that mishandles the answer throws in the test.
 */
const zoneLookup = ((hostname: string, options: { all?: boolean; verbatim?: boolean }, callback: (...args: unknown[]) => void) => {
  const listed = ZONE[hostname];
  if (!listed) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  const family = (a: string) => (a.includes(':') ? 6 : 4);
  const ordered = options.verbatim === false ? [...listed].sort((a, b) => family(a) - family(b)) : listed;
  const answers: LookupAddress[] = ordered.map((address) => ({ address, family: family(address) }));
  if (options.all) return callback(null, answers);
  callback(null, answers[0].address, answers[0].family);
}) as never;

/** Calls the guard's lookup as net.connect does and collects what it hands back. */
function lookUp(hostname: string, options: { all?: boolean }) {
  const lookup = guardedLookup(strict, zoneLookup);
  let answer: unknown[] | undefined;
  lookup(hostname, options, (...args: unknown[]) => (answer = args));
  return answer!;
}

describe('the guard’s DNS lookup', () => {
  it('asks for every address even when the socket wants one, so a blocked one listed second is seen', () => {
    const [error, address] = lookUp('mixed.example.test', {});
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toBe('mixed.example.test resolves to 169.254.169.254 (linkLocal), which webhooks may not reach');
    // No address comes with a refusal, as node:dns gives none with its errors.
    expect(address).toBeFalsy();
  });

  it('keeps the order DNS gave (verbatim), for one address and for all', () => {
    expect(lookUp('dual.example.test', {})).toEqual([null, PUBLIC_V6, 6]);
    expect(lookUp('dual.example.test', { all: true })).toEqual([
      null,
      [
        { address: PUBLIC_V6, family: 6 },
        { address: PUBLIC_V4, family: 4 },
      ],
    ]);
  });

  it('passes DNS’s own error on, with no address', () => {
    const [error, address] = lookUp('nowhere.example.test', { all: true });
    expect(error).toMatchObject({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nowhere.example.test' });
    expect(address).toBeFalsy();
  });
});

const servers: Array<{ close: (done: () => void) => unknown; closeAllConnections?: () => void }> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const s of servers.splice(0)) {
    s.closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** A local listener; `seen` collects every request it parsed. */
async function listen(respond: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Array<{ method?: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      respond(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('the request', () => {
  it('is a POST with the body and its length in bytes', async () => {
    const r = await listen((_req, res) => res.writeHead(204).end());
    const body = JSON.stringify({ blob_id: 'b1', label: 'Café' });
    expect(await guardedPost({ url: `http://127.0.0.1:${r.port}/hook`, body, headers: { 'content-type': 'application/json' }, timeoutMs: 10_000, policy: local })).toEqual({ status: 204 });
    expect(r.seen).toEqual([{ method: 'POST', headers: expect.objectContaining({ 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/json' }), body }]);
  });

  it('goes to an https URL over TLS only: a cleartext listener there gets no request', async () => {
    const r = await listen((_req, res) => res.writeHead(204).end());
    await expect(guardedPost({ url: `https://127.0.0.1:${r.port}/hook`, body: '{"secret":1}', headers: {}, timeoutMs: 10_000, policy: local })).rejects.toThrow();
    expect(r.seen).toEqual([]);
  });

  it('opens an https URL with a TLS handshake', async () => {
    // A bare TCP listener keeps the first bytes it gets (a TLS record starts with 0x16, handshake),
    // then hangs up, which is what makes the sender fail: the bytes are in before the rejection.
    let firstBytes: Buffer | undefined;
    const server = createNetServer((socket) => socket.once('data', (bytes: Buffer) => ((firstBytes = bytes), socket.destroy())));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await expect(guardedPost({ url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, body: '{}', headers: {}, timeoutMs: 10_000, policy: local })).rejects.toThrow();
    expect(firstBytes?.[0]).toBe(0x16);
  }, 30_000);

  it('fails, rather than hangs, when the receiver hangs up in the middle of its answer', async () => {
    const r = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789', () => res.socket?.destroy());
    });
    await expect(guardedPost({ url: `http://127.0.0.1:${r.port}/hook`, body: '{}', headers: {}, timeoutMs: 60_000, policy: local })).rejects.toMatchObject({ message: 'aborted', code: 'ECONNRESET' });
  }, 30_000);
});

describe('the deadline', () => {
  // Only the sender's own timers are faked; sockets keep their real ones (set to a minute here).
  const fakeDeadline = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

  it('ends an exchange the receiver never answers', async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    const r = await listen(() => arrived());
    fakeDeadline();
    const sent = guardedPost({ url: `http://127.0.0.1:${r.port}/hook`, body: '{}', headers: {}, timeoutMs: 60_000, policy: local });
    const outcome = sent.then(
      () => 'answered',
      (e: Error) => e.message,
    );
    await received;
    vi.advanceTimersByTime(60_000);
    expect(await outcome).toBe('No answer within 60000 ms');
  }, 30_000);

  it('is cleared once the exchange is over: no timer outlives a delivery', async () => {
    const r = await listen((_req, res) => res.writeHead(204).end());
    fakeDeadline();
    expect(await guardedPost({ url: `http://127.0.0.1:${r.port}/hook`, body: '{}', headers: {}, timeoutMs: 60_000, policy: local })).toEqual({ status: 204 });
    // The request closes just after the answer ends; vi.waitFor polls on real time.
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0), { timeout: 10_000, interval: 20 });
  }, 30_000);
});
