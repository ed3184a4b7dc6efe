/** A webhook endpoint on loopback that records what it is sent. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

export async function startWebhookReceiver(respond: (hit: ReceivedWebhook, n: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const hit = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/' };
      received.push(hit);
      const status = respond(hit, received.length);
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://169.254.169.254/latest/meta-data' } : {}).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    /** Resolves once `predicate` holds for what was received (checked after each hit). */
    async waitFor(predicate: (all: ReceivedWebhook[]) => boolean, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`webhook receiver: condition not met after ${timeoutMs} ms (${received.length} received)`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A webhook endpoint that holds every request unanswered until release(): the labelling function
 * is then stuck between its final write and the end of its notification, for as long as a test
 * needs to act in that window. After stopHolding() it answers every request 200 at once (held
 * ones stay held). Every request is recorded, held or not.
 */
export async function startHoldingWebhookReceiver() {
  const held: ServerResponse[] = [];
  const received: ReceivedWebhook[] = [];
  let holding = true;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/' });
      if (holding) held.push(res);
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    /** Every request seen, in order, whether held or answered. */
    received,
    /** How many requests are being held. */
    heldCount: () => held.length,
    /** Answers every held request 200. */
    release: () => held.splice(0).forEach((res) => res.writeHead(200).end()),
    /** From now on, answers each new request 200 at once. */
    stopHolding: () => {
      holding = false;
    },
    /** Drops any request still held, then stops listening. */
    close: async () => {
      held.splice(0).forEach((res) => res.destroy());
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
