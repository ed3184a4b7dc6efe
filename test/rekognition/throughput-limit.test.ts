/**
 * The local Rekognition's optional TPS quota (BLOBS_REKOGNITION_TPS): a token bucket per
 * operation; a call over it is answered as AWS answers it (HTTP 400,
 * ProvisionedThroughputExceededException), which the SDK retries as throttling
 * (test/hardening/uploads-queue.test.ts sees its three attempts).
 */
import { DetectLabelsCommand, DetectTextCommand } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throughputLimit } from '../../local/rekognition/throughput-limit.js';
import { startStandIn } from './stand-in.js';

describe('the token bucket', () => {
  it('admits one second’s worth at once, then refills at the TPS, per operation', () => {
    let now = 0;
    const limit = throughputLimit(2, () => now)!;
    limit.admit('DetectLabels');
    limit.admit('DetectLabels');
    expect(() => limit.admit('DetectLabels')).toThrow(expect.objectContaining({ status: 400, type: 'ProvisionedThroughputExceededException' }));
    limit.admit('DetectText'); // its own quota
    now += 500; // half a second: one token back
    limit.admit('DetectLabels');
    expect(() => limit.admit('DetectLabels')).toThrow(/exceeded your throughput limit/);
    now += 10_000; // never more than one second's worth
    limit.admit('DetectLabels');
    limit.admit('DetectLabels');
    expect(() => limit.admit('DetectLabels')).toThrow();
    expect(limit.counts()).toEqual({ DetectLabels: { admitted: 5, throttled: 3 }, DetectText: { admitted: 1, throttled: 0 } });
  });

  it('is off unless configured, and refuses a TPS that is not positive', () => {
    expect(throughputLimit(undefined)).toBeUndefined();
    expect(() => throughputLimit(0)).toThrow(/positive/);
  });
});

describe('over the wire', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  let photo: Buffer;
  beforeAll(async () => {
    standIn = await startStandIn({ tps: 3 });
    photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#36a' } }).png().toBuffer();
  });
  afterAll(() => standIn?.close());

  it('a burst over the quota: the excess gets ProvisionedThroughputExceededException (HTTP 400); served and refused calls are counted', async () => {
    const burst = await Promise.allSettled(Array.from({ length: 12 }, () => standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: photo }, Features: ['IMAGE_PROPERTIES'] }))));
    const refused = burst.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { name: string; $metadata: { httpStatusCode: number }; $retryable?: { throttling?: boolean }; message: string });
    const served = burst.filter((r) => r.status === 'fulfilled');
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const error of refused) {
      expect(error.name).toBe('ProvisionedThroughputExceededException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(/exceeded your throughput limit/);
    }
    const counts = standIn.rekognition.throughput().DetectLabels;
    expect(counts).toEqual({ admitted: served.length, throttled: refused.length });
  });

  it('another operation has its own quota: DetectText is served (here: refuses a non-image) while DetectLabels is exhausted', async () => {
    await expect(standIn.client.send(new DetectTextCommand({ Image: { Bytes: new TextEncoder().encode('not an image') } }))).rejects.toMatchObject({ name: 'InvalidImageFormatException' });
  });
});
