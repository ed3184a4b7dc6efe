/**
 * The smoke test's webhook end: where the callback goes, and a receiver for it when it can be
 * reached. A receiver on this machine is reachable only from an API on this machine (the local
 * stack, which allows loopback callbacks); a deployed API calls the internet, so there the
 * caller names a public endpoint with --callback-url, or the webhook step is skipped.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type WebhookPlan =
  | { kind: 'local' }
  | { kind: 'given'; url: string }
  | { kind: 'skip'; why: string };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function webhookPlan(graphqlUrl: string, callbackUrl: string | undefined): WebhookPlan {
  if (callbackUrl) return { kind: 'given', url: callbackUrl };
  if (LOOPBACK.test(new URL(graphqlUrl).hostname)) return { kind: 'local' };
  return { kind: 'skip', why: `the API at ${new URL(graphqlUrl).host} cannot reach a receiver on this machine; pass --callback-url URL (a public endpoint you watch) to include the webhook` };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  /** The first POST whose body names `blobId`. */
  next(blobId: string, timeoutMs: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/smoke-webhook`,
    next: (blobId, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find((r) => r.body.includes(`"${blobId}"`));
          if (!hit) return;
          done();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no webhook for ${blobId} within ${timeoutMs / 1000} s (${received.length} other requests)`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies a Standard Webhooks signature; throws on a bad one. */
export function verifySignature(secret: string, hit: ReceivedWebhook): void {
  const headers = Object.fromEntries(Object.entries(hit.headers).map(([k, v]) => [k, String(v)]));
  new Webhook(secret.trim()).verify(hit.body, headers);
}
