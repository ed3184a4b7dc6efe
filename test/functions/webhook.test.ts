/** Webhook delivery: Standard Webhooks signature, retries with backoff, no redirects, a deadline. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverWebhook } from '../../functions/lib/webhook/deliver.js';
import { webhookBody } from '../../functions/lib/webhook/payload.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const secret = `whsec_${Buffer.from('a test secret of enough bytes!!').toString('base64')}`;
const local = { allowLoopback: true };
const fast = { attempts: 4, minDelayMs: 10, timeoutMs: 2_000 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(respond: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(respond);
  closers.push(r.close);
  return r;
}

describe('webhook body', () => {
  it('is the seed’s shape: blob_id, status, labels {label, confidence, parents}', () => {
    const base = { id: 'b1', contentType: 'image/jpeg', callbackUrl: null, createdAt: '', updatedAt: '', expiresAt: 0 };
    expect(webhookBody({ ...base, status: 'LABELLED', labels: [{ name: 'Cat', confidence: 97.1, parents: ['Animal'], aliases: [], instances: [] }] })).toEqual({
      blob_id: 'b1',
      status: 'LABELLED',
      labels: [{ label: 'Cat', confidence: 97.1, parents: ['Animal'] }],
    });
    expect(webhookBody({ ...base, status: 'FAILED', error: { code: 'INVALID_IMAGE', message: 'bad' } })).toEqual({ blob_id: 'b1', status: 'FAILED', error: { code: 'INVALID_IMAGE', message: 'bad' } });
  });

  const base = { id: 'b2', status: 'LABELLED' as const, contentType: 'image/png', callbackUrl: null, createdAt: '', updatedAt: '', expiresAt: 0 };

  it('adds each asked-for result under its own key, and nothing that was not asked for', () => {
    const text = [{ detectedText: 'HI', type: 'LINE' as const, id: 0, parentId: null, confidence: 99, geometry: { boundingBox: { left: 0, top: 0, width: 1, height: 1 }, polygon: [] } }];
    expect(webhookBody({ ...base, features: ['TEXT', 'MODERATION'], text, moderationLabels: [], featureErrors: [] })).toEqual({ blob_id: 'b2', status: 'LABELLED', text, moderation_labels: [] });
  });

  it('a failed feature keeps its key, as null, and says why in feature_errors; failed labels are null, not an empty list', () => {
    const featureErrors = [
      { feature: 'LABELS' as const, code: 'THROTTLED', message: 'slow down' },
      { feature: 'FACES' as const, code: 'SERVICE_ERROR', message: 'oops' },
    ];
    expect(webhookBody({ ...base, features: ['LABELS', 'FACES', 'IMAGE_PROPERTIES'], imageProperties: { quality: null, dominantColors: [], foreground: null, background: null }, featureErrors })).toEqual({
      blob_id: 'b2',
      status: 'LABELLED',
      labels: null,
      faces: null,
      image_properties: { quality: null, dominantColors: [], foreground: null, background: null },
      feature_errors: featureErrors,
    });
  });

  it('a record from before features existed reads as [LABELS]: the seed’s body', () => {
    expect(Object.keys(webhookBody({ ...base, labels: [] }))).toEqual(['blob_id', 'status', 'labels']);
  });
});

describe('delivery', () => {
  it('signs per Standard Webhooks so a receiver can verify it', async () => {
    const r = await receiver(() => 200);
    const result = await deliverWebhook({ url: r.url(), id: 'msg_1', body: { blob_id: '1' }, secret, policy: local, ...fast });
    expect(result).toMatchObject({ delivered: true, attempts: 1, lastStatusCode: 200, lastError: null });
    const [hit] = r.received;
    expect(hit.headers['webhook-id']).toBe('msg_1');
    expect(Number(hit.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(hit.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(secret).verify(hit.body, hit.headers as Record<string, string>)).toEqual({ blob_id: '1' });
    expect(() => new Webhook(`whsec_${Buffer.from('another secret of enough bytes!').toString('base64')}`).verify(hit.body, hit.headers as Record<string, string>)).toThrow();
  });

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    const r = await receiver((_hit, n) => (n === 1 ? 500 : n === 2 ? 429 : 200));
    const result = await deliverWebhook({ url: r.url(), id: 'msg_2', body: {}, secret, policy: local, ...fast });
    expect(result).toMatchObject({ delivered: true, attempts: 3, lastStatusCode: 200 });
    expect(new Set(r.received.map((h) => h.headers['webhook-id']))).toEqual(new Set(['msg_2']));
  });

  it('gives up after the last attempt and says why', async () => {
    const r = await receiver(() => 503);
    const result = await deliverWebhook({ url: r.url(), id: 'msg_3', body: {}, secret, policy: local, ...fast });
    expect(result).toMatchObject({ delivered: false, attempts: 4, lastStatusCode: 503, lastError: 'HTTP 503' });
    expect(r.received).toHaveLength(4);
  });

  it('does not retry a 4xx and does not follow redirects', async () => {
    const gone = await receiver(() => 410);
    expect(await deliverWebhook({ url: gone.url(), id: 'm', body: {}, secret, policy: local, ...fast })).toMatchObject({ delivered: false, attempts: 1, lastStatusCode: 410 });
    const redirect = await receiver(() => 302); // Location points at the metadata address
    expect(await deliverWebhook({ url: redirect.url(), id: 'm', body: {}, secret, policy: local, ...fast })).toMatchObject({ delivered: false, attempts: 1, lastStatusCode: 302 });
    expect(redirect.received).toHaveLength(1);
  });

  it('sends JSON with its own user agent', async () => {
    const r = await receiver(() => 200);
    await deliverWebhook({ url: r.url(), id: 'msg_h', body: { blob_id: 'h' }, secret, policy: local, ...fast });
    expect(r.received[0].headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'blobs-webhooks/1' });
    expect(JSON.parse(r.received[0].body)).toEqual({ blob_id: 'h' });
  });

  it('a 300 is not a success (only 2xx is), and is not retried; a 408 is retried', async () => {
    const multiple = await receiver(() => 300);
    expect(await deliverWebhook({ url: multiple.url(), id: 'm', body: {}, secret, policy: local, ...fast })).toMatchObject({ delivered: false, attempts: 1, lastStatusCode: 300, lastError: 'HTTP 300' });
    const slow = await receiver((_hit, n) => (n === 1 ? 408 : 204));
    expect(await deliverWebhook({ url: slow.url(), id: 'm', body: {}, secret, policy: local, ...fast })).toMatchObject({ delivered: true, attempts: 2, lastStatusCode: 204 });
  });

  it('times out a receiver that never answers', async () => {
    const server = createServer(() => {}); // accepts, never responds
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const result = await deliverWebhook({ url, id: 'm', body: {}, secret, policy: local, attempts: 2, minDelayMs: 10, timeoutMs: 300 });
    expect(result).toMatchObject({ delivered: false, attempts: 2, lastStatusCode: null });
    expect(result.lastError).toMatch(/No answer within 300 ms/);
  });

  it('refuses loopback when the policy does not allow it, without sending', async () => {
    const r = await receiver(() => 200);
    const result = await deliverWebhook({ url: r.url(), id: 'm', body: {}, secret, policy: { allowLoopback: false }, ...fast });
    expect(result).toMatchObject({ delivered: false, attempts: 1 });
    expect(result.lastError).toMatch(/may not be reached/);
    expect(r.received).toHaveLength(0);
  });
});
