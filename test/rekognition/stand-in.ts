/** Starts the local Rekognition with a client the way the labelling function builds it. */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll } from 'vitest';
import type { LabellerRuntime } from '../../local/rekognition/detection.js';
import { startLocalRekognition } from '../../local/rekognition/index.js';

export const credentials = { accessKeyId: 'TESTKEY', secretAccessKey: 'test-secret' };

export async function startStandIn(o: { tps?: number; runtime?: LabellerRuntime } = {}) {
  const rekognition = await startLocalRekognition({ tps: o.tps, runtime: o.runtime, region: 'us-east-1', credentials: [credentials], s3: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials, forcePathStyle: true } });
  const client = new RekognitionClient({ endpoint: rekognition.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    rekognition,
    client,
    /** The local-only diagnostic, as a caller outside the process reads it. */
    loadedModels: async (): Promise<string[]> => ((await (await fetch(`${rekognition.endpoint}/_local/models`)).json()) as { loaded: string[] }).loaded,
    /** What each loaded model runs on, from the same diagnostic. */
    modelRuntimes: async (): Promise<Record<string, string>> => ((await (await fetch(`${rekognition.endpoint}/_local/models`)).json()) as { runtimes: Record<string, string> }).runtimes,
    close: async () => {
      client.destroy();
      await rekognition.close();
    },
  };
}

export type StandIn = Awaited<ReturnType<typeof startStandIn>>;

/** The shared photos the models read (not-an-image.jpg and truncated.jpg are for the refusals). */
export const TEST_PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'fruits.jpg', 'horse.png', 'messi5.jpg', 'motorcycle_left.png'];

/** One stand-in per runtime of the converted models, for the file's tests that compare them. */
export function standInPerRuntime(): Record<LabellerRuntime, StandIn> {
  const standIns = {} as Record<LabellerRuntime, StandIn>;
  beforeAll(async () => {
    [standIns.native, standIns.wasm] = await Promise.all([startStandIn({ runtime: 'native' }), startStandIn({ runtime: 'wasm' })]);
  });
  afterAll(() => Promise.all([standIns.native?.close(), standIns.wasm?.close()]));
  return standIns;
}
