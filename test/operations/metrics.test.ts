/**
 * Metrics (issue 23): the EMF lines the functions write, parsed as CloudWatch would (names,
 * units, namespace, dimensions); and offline, after a real labelling through the local stack,
 * the same metrics at GET /_local/metrics: an image labelled, its labelling time, a feature
 * failed as THROTTLED (Rekognition throttling injected for DetectText), a webhook delivered.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../api/metrics.js';
import { record } from '../../functions/lib/metrics.js';
import type { MetricTotal } from '../../local/metrics/index.js';
import { formatMinute } from '../../local/metrics/index.js';
import { startTestStack } from '../support/local-stack.js';
import { CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { startRekognitionProxy } from '../support/rekognition-proxy.js';
import { waitFor } from '../support/wait.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/** Runs `fn` and returns every line it wrote to stdout (nothing else is listening yet). */
function linesWrittenBy(fn: () => void): string[] {
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = original;
  }
  return written.join('').split('\n').filter(Boolean);
}

describe('the EMF lines', () => {
  it('are one CloudWatch EMF document per metric, in the Blobs namespace, with the service dimension', () => {
    const lines = linesWrittenBy(() => {
      record.labelled(812, 'LABELLED');
      record.featureFailed('THROTTLED');
      record.throttled();
      record.webhook(3, false);
    });
    const docs = lines.map((l) => JSON.parse(l) as Record<string, any>);
    const seen = docs.map((d) => {
      const [directive] = d._aws.CloudWatchMetrics;
      expect(d._aws.Timestamp).toEqual(expect.any(Number));
      expect(directive.Namespace).toBe(METRICS_NAMESPACE);
      expect(directive.Metrics).toHaveLength(1);
      const { Name, Unit } = directive.Metrics[0];
      const dimensions = Object.fromEntries((directive.Dimensions.flat() as string[]).map((k) => [k, d[k]]));
      return { name: Name, unit: Unit, value: d[Name], dimensions };
    });
    const service = { service: METRICS_SERVICE };
    expect(seen).toEqual([
      { name: METRICS.imagesLabelled.name, unit: 'Count', value: 1, dimensions: service },
      { name: METRICS.labellingTime.name, unit: 'Milliseconds', value: 812, dimensions: service },
      { name: METRICS.featuresFailed.name, unit: 'Count', value: 1, dimensions: { ...service, code: 'THROTTLED' } },
      { name: METRICS.throttles.name, unit: 'Count', value: 1, dimensions: service },
      { name: METRICS.webhookDeliveries.name, unit: 'Count', value: 1, dimensions: service },
      { name: METRICS.webhookAttempts.name, unit: 'Count', value: 3, dimensions: service },
      { name: METRICS.webhookFailures.name, unit: 'Count', value: 1, dimensions: service },
    ]);
  });

  it('a FAILED image records its labelling time but no image labelled', () => {
    const names = linesWrittenBy(() => record.labelled(40, 'FAILED')).map((l) => JSON.parse(l)._aws.CloudWatchMetrics[0].Metrics[0].Name);
    expect(names).toEqual([METRICS.labellingTime.name]);
  });
});

describe('/_local/metrics after a labelling', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let proxy: Awaited<ReturnType<typeof startRekognitionProxy>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    proxy = await startRekognitionProxy();
    stack = await startTestStack({ functionsRekognitionEndpoint: proxy.url });
    proxy.forwardTo(stack.rekognitionEndpoint);
    receiver = await startWebhookReceiver();
  }, 240_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
    await proxy?.close();
  });

  const metricsNow = async () => (await (await fetch(stack.graphqlUrl.replace(/\/graphql$/, '/_local/metrics'))).json()) as { since: string; totals: MetricTotal[] };
  const find = (totals: MetricTotal[], name: string) => totals.filter((t) => t.name === name);

  it('counts the image, its time, the throttled feature and the webhook, by name, unit and dimensions', async () => {
    expect((await metricsNow()).totals).toEqual([]);
    proxy.fail('DetectText', { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' });
    const created = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
      body: JSON.stringify({ query: CREATE_BLOB, variables: { input: { contentType: 'image/png', callbackUrl: receiver.url(), features: ['LABELS', 'TEXT'] } } }),
    });
    const { data } = (await created.json()) as { data: { createBlob: { id: string; uploadUrl: string } } };
    const upload = await fetch(data.createBlob.uploadUrl, { method: 'PUT', body: await readFile(image('chelsea.png')), headers: { 'content-type': 'image/png' } });
    expect(upload.status).toBe(200);
    await receiver.waitFor((all) => all.some((h) => JSON.parse(h.body).blob_id === data.createBlob.id));

    // The webhook's metrics are written right after the delivery: wait for them, not for a time.
    const { totals } = await waitFor(async () => {
      const m = await metricsNow();
      return find(m.totals, METRICS.webhookDeliveries.name).length ? m : undefined;
    }, { what: 'webhook metrics at /_local/metrics', timeoutMs: 60_000 });

    const service = { service: METRICS_SERVICE };
    expect(find(totals, METRICS.imagesLabelled.name)).toEqual([expect.objectContaining({ namespace: METRICS_NAMESPACE, unit: 'Count', dimensions: service, samples: 1, sum: 1 })]);
    const [time] = find(totals, METRICS.labellingTime.name);
    expect(time).toMatchObject({ unit: 'Milliseconds', dimensions: service, samples: 1 });
    expect(time.sum).toBeGreaterThan(0);
    expect(find(totals, METRICS.featuresFailed.name)).toEqual([expect.objectContaining({ unit: 'Count', dimensions: { ...service, code: 'THROTTLED' }, sum: 1 })]);
    expect(find(totals, METRICS.throttles.name)).toEqual([expect.objectContaining({ sum: 1 })]);
    expect(find(totals, METRICS.webhookDeliveries.name)).toEqual([expect.objectContaining({ sum: 1 })]);
    expect(find(totals, METRICS.webhookAttempts.name)).toEqual([expect.objectContaining({ sum: 1 })]);
    expect(find(totals, METRICS.webhookFailures.name)).toEqual([expect.objectContaining({ sum: 0 })]);

    // What npm start prints for that minute.
    const line = formatMinute(stack.metrics.rollMinute());
    expect(line).toContain('ImagesLabelled 1');
    expect(line).toContain('FeaturesFailed[code=THROTTLED] 1');
    expect(line).toMatch(/LabellingTime mean \d+ ms max \d+ ms/);
    expect(formatMinute(stack.metrics.rollMinute())).toBe('metrics (last minute): none');
  });
});
