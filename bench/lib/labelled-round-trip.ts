/**
 * One image through the local stack as a client sees it: createBlob, subscribe onBlobLabelled,
 * then t0, PUT the upload, and the subscription's data message. The e2e and the labelling-IAM
 * suites time the same path with it.
 */
import { readFile } from 'node:fs/promises';
import { CREATE_BLOB, ON_BLOB_LABELLED } from '../../test/support/operations.js';
import { connectRealtime } from '../../test/support/realtime-client.js';
import type { BenchStack } from './stack.js';

export interface RoundTrip {
  /** Upload → LABELLED, in ms. */
  elapsedMs: number;
  /** The PUT alone. */
  uploadMs: number;
  id: string;
}

export async function labelledRoundTrips(stack: Pick<BenchStack, 'certPath' | 'graphqlUrl' | 'apiKey' | 'realtimeUrl'>) {
  const ca = await readFile(stack.certPath);
  const auth = { host: new URL(stack.graphqlUrl).host, 'x-api-key': stack.apiKey };
  const realtime = await connectRealtime(stack.realtimeUrl, auth, ca);
  await realtime.init();
  let subscription = 0;
  return {
    async once(image: { name: string; bytes: Buffer }): Promise<RoundTrip> {
      const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query: CREATE_BLOB, variables: { input: { contentType: 'image/jpeg' } } }) });
      const { data } = (await res.json()) as { data: { createBlob: { id: string; uploadUrl: string } } };
      const id = `e2e${subscription++}`;
      const ack = await realtime.start(id, ON_BLOB_LABELLED, { id: data.createBlob.id }, auth);
      if (ack.type !== 'start_ack') throw new Error(`subscription refused: ${JSON.stringify(ack)}`);
      const t0 = performance.now();
      const upload = await fetch(data.createBlob.uploadUrl, { method: 'PUT', body: new Uint8Array(image.bytes), headers: { 'content-type': 'image/jpeg' } });
      if (!upload.ok) throw new Error(`upload failed: ${upload.status}`);
      const uploadMs = performance.now() - t0;
      const message = await realtime.next((m) => m.id === id && m.type === 'data', 60_000);
      const elapsedMs = performance.now() - t0;
      if (message.payload?.data?.onBlobLabelled?.status !== 'LABELLED') throw new Error(`${image.name} ended ${JSON.stringify(message.payload)}`);
      realtime.send({ id, type: 'stop' });
      return { elapsedMs, uploadMs, id: data.createBlob.id };
    },
    close: () => realtime.close(),
  };
}
