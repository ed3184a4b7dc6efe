/**
 * The realtime socket drops after the subscription is acknowledged and stays down while the blob
 * is labelled, so the pushed event is lost. The client must notice the drop, let aws-amplify
 * reconnect, look the blob up again, and still resolve with the finished blob.
 */
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadWithNodeHttp } from '../../cli/upload-node.js';
import { createBlobsClient, type LabelImageStatus, type Uploader } from '../../client/index.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { waitFor } from '../support/wait.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

/** A global WebSocket whose network can be cut: open sockets are killed, new ones fail to connect. */
function installCuttableWebSocket(certPath: Buffer) {
  const open = new Set<WebSocket>();
  let offline = false;
  globalThis.WebSocket = class CuttableWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // Port 9 (discard) on loopback refuses the connection, as a dead network would.
      super(offline ? 'wss://127.0.0.1:9/graphql/realtime' : url, protocols, { ca: certPath });
      open.add(this);
      this.once('close', () => open.delete(this));
    }
  } as unknown as typeof globalThis.WebSocket;
  return {
    cut() {
      offline = true;
      for (const socket of open) socket.terminate();
    },
    restore() {
      offline = false;
    },
  };
}

const blobStatus = async (id: string): Promise<string> => (await graphqlData(stack, BLOB, { id })).blob.status;

it('a result published while the socket was down is still delivered, by the look-up after reconnecting', async () => {
  const network = installCuttableWebSocket(await readFile(stack.certPath));
  const statuses: LabelImageStatus[] = [];
  let blobId = '';

  // Upload with the socket cut and return at once: the client's own look-up right after the
  // upload finds the blob not finished yet. The network comes back only once the blob is finished
  // (its event published to nobody), so only the look-up after reconnecting can find the result.
  let restored: Promise<void> = Promise.resolve();
  let statusWhenUploaded = '';
  const uploadWhileOffline: Uploader = async (request) => {
    network.cut();
    await uploadWithNodeHttp(request);
    statusWhenUploaded = await blobStatus(blobId);
    restored = (async () => {
      try {
        await waitFor(async () => (['LABELLED', 'FAILED'].includes(await blobStatus(blobId)) ? true : undefined), { what: 'blob finished while offline', timeoutMs: 240_000, intervalMs: 25 });
      } finally {
        network.restore();
      }
    })();
  };

  const client = createBlobsClient(stack.outputs, uploadWhileOffline);
  const blob = await client.labelImage({
    bytes: await readFile(image('astronaut.png')),
    onStatus: (s) => {
      statuses.push(s);
      if (s.stage === 'subscribing') blobId = s.blobId;
    },
    // Labelling happens while the socket is down; on a busy machine that can take minutes.
    reconnectGraceMs: 240_000,
  });

  await restored;
  expect(['PENDING_UPLOAD', 'PROCESSING']).toContain(statusWhenUploaded); // not finished yet
  expect(blob).toMatchObject({ id: blobId, status: 'LABELLED' });
  expect(blob.labels?.map((l) => l.name)).toContain('Person');
  expect(statuses.map((s) => s.stage)).toContain('reconnecting');
  expect(statuses.at(-1)?.stage).toBe('done');
}, 360_000);
