/**
 * Delivers a webhook per the Standard Webhooks spec, retrying transient failures with
 * exponential backoff and jitter. Returns what happened, for the blob's callbackDelivery.
 */
import pRetry, { AbortError } from 'p-retry';
import { Webhook } from 'standardwebhooks';
import type { CallbackDelivery } from '../../../api/generated/graphql.js';
import type { AddressPolicy } from '../address-policy.js';
import { record } from '../metrics.js';
import { BlockedAddressError, guardedPost } from './guarded-request.js';

export interface DeliveryOptions {
  url: string;
  id: string;
  body: unknown;
  secret: string;
  policy: AddressPolicy;
  timeoutMs?: number;
  attempts?: number;
  minDelayMs?: number;
}

class HttpFailure extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export async function deliverWebhook(o: DeliveryOptions): Promise<CallbackDelivery> {
  const delivery = await attemptDelivery(o);
  record.webhook(delivery.attempts, delivery.delivered);
  return delivery;
}

async function attemptDelivery(o: DeliveryOptions): Promise<CallbackDelivery> {
  const webhook = new Webhook(o.secret);
  const payload = JSON.stringify(o.body);
  let attempts = 0;
  let lastStatusCode: number | null = null;
  let lastError: string | null = null;
  let lastAttemptAt: string | null = null;

  try {
    await pRetry(
      async () => {
        attempts++;
        const now = new Date();
        lastAttemptAt = now.toISOString();
        const signature = webhook.sign(o.id, now, payload);
        try {
          const { status } = await guardedPost({
            url: o.url,
            body: payload,
            timeoutMs: o.timeoutMs ?? 10_000,
            policy: o.policy,
            headers: {
              'content-type': 'application/json',
              'user-agent': 'blobs-webhooks/1',
              'webhook-id': o.id,
              'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
              'webhook-signature': signature,
            },
          });
          lastStatusCode = status;
          lastError = null;
          if (status >= 200 && status < 300) return;
          // Redirects are not followed (they could point anywhere); other 4xx will not get better.
          if (status < 500 && status !== 429 && status !== 408) throw new AbortError(new HttpFailure(status));
          throw new HttpFailure(status);
        } catch (error) {
          if (error instanceof AbortError) {
            lastError = `HTTP ${lastStatusCode}`;
            throw error;
          }
          lastError = (error as Error).message;
          if (error instanceof BlockedAddressError) throw new AbortError(error);
          throw error;
        }
      },
      { retries: Math.max(0, (o.attempts ?? 5) - 1), minTimeout: o.minDelayMs ?? 1_000, factor: 2, randomize: true, maxTimeout: 60_000 },
    );
    return { delivered: true, attempts, lastStatusCode, lastError: null, lastAttemptAt };
  } catch {
    return { delivered: false, attempts, lastStatusCode, lastError, lastAttemptAt };
  }
}
