/**
 * e2e_overhead_vs_bare_path and labeller_scaling, both against baselines of the same run. First
 * the labeller alone (createLabeller, one worker) on the photos at 640 px, then with one worker
 * per core; then the same photos through the stack: createBlob → subscribe onBlobLabelled → t0 →
 * PUT the upload → the subscription's data message; then the path's bare parts alone
 * (bench/lib/bare-path.ts). The overhead is the end-to-end median minus the labeller's median
 * inference, as a multiple of the bare parts' medians summed: unlike a fraction of inference
 * (the figure it replaces), it does not grow as inference gets faster.
 */
import { uploadKey } from '../../api/object-keys.js';
import { availableParallelism } from 'node:os';
import { DetectLabelsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { createLabeller } from '../../local/rekognition/labeller.js';
import { measureBarePath } from '../lib/bare-path.js';
import { benchImages, IMAGE_EDGE_PX } from '../lib/images.js';
import { labelledRoundTrips } from '../lib/labelled-round-trip.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { median, percentile, round } from '../lib/stats.js';

type Image = Awaited<ReturnType<typeof benchImages>>[number];

async function measureLabeller(step: Step, images: Image[], passes: number) {
  const labeller = createLabeller({ workers: 1 });
  try {
    step('Labeller: loading the model…');
    await labeller.detectLabels(images[0].bytes);
    const times: number[] = [];
    const startedAt = performance.now();
    for (let pass = 0; pass < passes; pass++) {
      for (const [i, image] of images.entries()) {
        step(`Labeller: pass ${pass + 1}/${passes}, image ${i + 1}/${images.length}…`);
        const t0 = performance.now();
        await labeller.detectLabels(image.bytes);
        times.push(performance.now() - t0);
      }
    }
    return { times, imagesPerSecond: times.length / ((performance.now() - startedAt) / 1000) };
  } finally {
    await labeller.close();
  }
}

/** Throughput with one model worker per core (BLOBS_LABELLER_WORKERS), as many images in flight. */
async function measureLabellerPerCore(step: Step, images: Image[], passes: number) {
  const workers = availableParallelism();
  const labeller = createLabeller({ workers });
  try {
    step(`Labeller: loading the model in ${workers} workers…`);
    await Promise.all(images.slice(0, workers).map((image) => labeller.detectLabels(image.bytes)));
    step(`Labeller: ${passes * images.length} images, ${workers} at a time…`);
    const queue = Array.from({ length: passes }, () => images).flat();
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let image = queue.shift(); image; image = queue.shift()) await labeller.detectLabels(image.bytes);
      }),
    );
    return { workers, imagesPerSecond: (passes * images.length) / ((performance.now() - startedAt) / 1000) };
  } finally {
    await labeller.close();
  }
}

async function measureEndToEnd(step: Step, stack: BenchStack, images: Image[], passes: number) {
  const trips = await labelledRoundTrips(stack);
  const uploads: number[] = [];
  const ids: string[] = [];
  const once = async (image: Image): Promise<number> => {
    const trip = await trips.once(image);
    uploads.push(trip.uploadMs);
    ids.push(trip.id);
    return trip.elapsedMs;
  };
  try {
    step('End to end: first upload (the stack loads its model)…');
    await once(images[0]);
    const times: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      for (const [i, image] of images.entries()) {
        step(`End to end: pass ${pass + 1}/${passes}, image ${i + 1}/${images.length}…`);
        times.push(await once(image));
      }
    }
    return { times, uploads: uploads.slice(1), ids: ids.slice(1) };
  } finally {
    trips.close();
  }
}

/** DetectLabels through the Rekognition stand-in, on the stored uploads, as the labelling function calls it. */
async function measureDetectOverHttp(step: Step, stack: BenchStack, ids: string[]) {
  step('DetectLabels over HTTP (S3Object), for the breakdown…');
  const client = new RekognitionClient({ endpoint: stack.rekognitionEndpoint, region: stack.region, credentials: stack.credentials });
  const times: number[] = [];
  try {
    for (const id of ids) {
      const t0 = performance.now();
      await client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: stack.bucketName, Name: uploadKey(id, 'anonymous') } }, MaxLabels: 25, MinConfidence: 50 }));
      times.push(performance.now() - t0);
    }
  } finally {
    client.destroy();
  }
  return times;
}

export async function e2eSuite(step: Step, stack: BenchStack, o: { passes: number }) {
  const images = await benchImages();
  const labeller = await measureLabeller(step, images, o.passes);
  const perCore = await measureLabellerPerCore(step, images, o.passes);
  const { times: e2e, uploads, ids } = await measureEndToEnd(step, stack, images, o.passes);
  const detect = await measureDetectOverHttp(step, stack, ids);
  const bare = await measureBarePath(step, stack, images, ids);
  const inferenceP50 = median(labeller.times);
  const sizes = images.map((i) => `${i.width}×${i.height}`).join(', ');
  const overheadP50 = median(e2e) - inferenceP50;
  const bareP50 = median(bare.putMs) + median(bare.dynamodbWritesMs) + median(bare.deliveryMs);
  return [
    metric('e2e_overhead_vs_bare_path', round(overheadP50 / bareP50, 3), 'ratio', '(median upload → onBlobLabelled − median labeller inference) ÷ (median S3 PUT + median of the handler\'s DynamoDB writes + median websocket delivery, each alone), same images', {
      overhead_p50_ms: round(overheadP50, 1),
      bare_path_p50_ms: round(bareP50, 1),
      bare_put_p50_ms: round(median(bare.putMs), 1),
      bare_dynamodb_writes_p50_ms: round(median(bare.dynamodbWritesMs), 1),
      bare_delivery_p50_ms: round(median(bare.deliveryMs), 1),
      e2e_p50_ms: round(median(e2e), 1),
      e2e_p90_ms: round(percentile(e2e, 90), 1),
      inference_p50_ms: round(inferenceP50, 1),
      samples: e2e.length,
      // Where the overhead goes: the PUT (object and event written and fsynced), and DetectLabels
      // through the Rekognition stand-in (HTTP, S3 fetch, worker hand-off) beyond inference itself.
      upload_put_p50_ms: round(median(uploads), 1),
      detect_over_http_p50_ms: round(median(detect), 1),
      detect_http_overhead_p50_ms: round(median(detect) - inferenceP50, 1),
    }),
    metric(
      'labeller_scaling',
      round(perCore.imagesPerSecond / (perCore.workers * labeller.imagesPerSecond), 3),
      'ratio',
      `images/s with one worker per core (N = ${perCore.workers}; BLOBS_LABELLER_WORKERS) ÷ (N × images/s with one worker), ${IMAGE_EDGE_PX} px long side`,
      {
        workers: perCore.workers,
        n_workers_images_per_s: round(perCore.imagesPerSecond, 2),
        one_worker_images_per_s: round(labeller.imagesPerSecond, 2),
        inference_p50_ms: round(inferenceP50, 1),
        inference_p90_ms: round(percentile(labeller.times, 90), 1),
        images: images.length,
        sizes,
        ...thisMachine(),
      },
    ),
  ];
}
