/**
 * The throttled load run behind test/hardening/paced-load.test.ts and `npm run bench -- --only=paced`:
 * a stack deployed with `-c rekognitionTps=<tps>` (its template synthesized here), the local
 * Rekognition held to the same TPS (ProvisionedThroughputExceededException over it), and
 * `blobs` uploads sent at once. It reports what happened to every blob and how long it took
 * against the bound the quota sets (blobs ÷ TPS seconds: one DetectModerationLabels call per
 * image; MODERATION is the cheapest offline model, ~80 ms a photo, so the quota and not the
 * labeller sets the pace on an idle machine).
 */
import sharp from 'sharp';
import type { Blob } from '../../api/generated/graphql.js';
import { parseUploadKey } from '../../api/object-keys.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import type { CfnTemplate } from '../../local/template/types.js';
import { graphqlData } from './graphql.js';
import { startTestStack } from './local-stack.js';
import { BLOB, CREATE_BLOB } from './operations.js';
import { startRekognitionProxy } from './rekognition-proxy.js';
import { writeTemplate } from './template-edit.js';
import { waitFor } from './wait.js';

const FEATURE = 'MODERATION';
const OPERATION = 'DetectModerationLabels';

export interface PacedLoadResult {
  tps: number;
  blobs: number;
  /** From the first PUT to the last message deleted from the uploads queue. */
  elapsedMs: number;
  /** The least time the quota allows: blobs ÷ TPS. */
  boundMs: number;
  statuses: Record<string, number>;
  /** Successful DetectModerationLabels calls per blob (1 each: labelled once). */
  successfulCallsPerBlob: number[];
  deadLettered: number;
  /** Calls the throttled Rekognition refused (each retried, by the SDK or by the queue). */
  throttled: number;
  /** Messages that came back after a visibility timeout. */
  returned: number;
  pacing: { batchSize: number; maxConcurrency: number; callIntervalMs: string };
}

export async function runPacedLoad(o: { tps: number; blobs: number; timeoutMs?: number; onStep?: (text: string) => void }): Promise<PacedLoadResult> {
  const step = o.onStep ?? (() => {});
  step(`synthesizing the template with rekognitionTps=${o.tps}…`);
  const template = (await synthesizeTemplate({ rekognitionTps: String(o.tps) }, { rehearse: false })) as unknown as CfnTemplate;
  const proxy = await startRekognitionProxy();
  const stack = await startTestStack({ templateFile: await writeTemplate(template), rekognitionTps: o.tps, functionsRekognitionEndpoint: proxy.url, labellerWorkers: 2 });
  proxy.forwardTo(stack.rekognitionEndpoint);
  try {
    const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#2a7' } }).png().toBuffer();
    step(`creating ${o.blobs} blobs…`);
    const created = await Promise.all(Array.from({ length: o.blobs }, async () => (await graphqlData(stack, CREATE_BLOB, { input: { features: [FEATURE], contentType: 'image/png' } })).createBlob as { id: string; uploadUrl: string }));
    step(`uploading ${o.blobs} images at once…`);
    const started = performance.now();
    const puts = await Promise.all(created.map((c) => fetch(c.uploadUrl, { method: 'PUT', body: new Uint8Array(photo), headers: { 'content-type': 'image/png' } })));
    const refused = puts.filter((p) => p.status !== 200).length;
    if (refused) throw new Error(`${refused} uploads were refused`);
    step('labelling at the paced rate…');
    await waitFor(
      () => {
        const s = stack.uploadsQueue.stats();
        return s.deleted + s.deadLettered >= o.blobs ? true : undefined;
      },
      { what: `${o.blobs} uploads labelled or dead-lettered`, timeoutMs: o.timeoutMs ?? 600_000, intervalMs: 50 },
    );
    const elapsedMs = performance.now() - started;
    step('reading every blob…');
    const blobs = await Promise.all(created.map(async (c) => (await graphqlData(stack, BLOB, { id: c.id })).blob as Blob));
    const statuses: Record<string, number> = {};
    for (const b of blobs) statuses[b.status] = (statuses[b.status] ?? 0) + 1;
    const okCalls = new Map<string, number>();
    for (const call of proxy.calls) {
      // The object's key names the blob: uploads/<class>/<id> (api/object-keys.ts).
      const id = parseUploadKey((call.body.Image as { S3Object?: { Name?: string } } | undefined)?.S3Object?.Name ?? '')?.id;
      if (call.operation === OPERATION && call.status === 200 && id) okCalls.set(id, (okCalls.get(id) ?? 0) + 1);
    }
    const stats = stack.uploadsQueue.stats();
    const env = stack.uploadsQueue.source;
    const intervalOf = (t: CfnTemplate) => {
      const fn = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && (r.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables?.POWERTOOLS_SERVICE_NAME === 'labelBlob');
      return String((fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.REKOGNITION_CALL_INTERVAL_MS);
    };
    return {
      tps: o.tps,
      blobs: o.blobs,
      elapsedMs,
      boundMs: (o.blobs / o.tps) * 1000,
      statuses,
      successfulCallsPerBlob: created.map((c) => okCalls.get(c.id) ?? 0),
      deadLettered: stats.deadLettered,
      throttled: stack.rekognitionThroughput()[OPERATION]?.throttled ?? 0,
      returned: stats.returned,
      pacing: { batchSize: env.batchSize, maxConcurrency: env.maxConcurrency, callIntervalMs: intervalOf(template) },
    };
  } finally {
    await stack.close();
    await proxy.close();
  }
}
