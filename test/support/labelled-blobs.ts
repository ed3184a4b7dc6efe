/**
 * Blobs with exactly the labels a test chooses: a real upload of a real photo through the real
 * flow (createBlob, presigned PUT, the S3 event, the labelling function), with the Rekognition
 * proxy answering DetectLabels for that blob with the chosen labels.
 */
import { readFile } from 'node:fs/promises';
import { parseUploadKey } from '../../api/object-keys.js';
import { image } from './paths.js';
import type { startRekognitionProxy } from './rekognition-proxy.js';
import { waitFor } from './wait.js';

export interface ChosenLabel {
  name: string;
  confidence: number;
  parents?: string[];
  aliases?: string[];
}

type Call = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function chosenLabels(proxy: Awaited<ReturnType<typeof startRekognitionProxy>>) {
  const byBlob = new Map<string, ChosenLabel[]>();
  proxy.answer('DetectLabels', (body) => {
    // The object's key names the blob (api/object-keys.ts: uploads/<class>/<id>).
    const key = (body.Image as { S3Object?: { Name?: string } } | undefined)?.S3Object?.Name;
    const id = key === undefined ? undefined : parseUploadKey(key)?.id;
    const labels = id === undefined ? undefined : byBlob.get(id);
    if (!labels) return undefined;
    return {
      LabelModelVersion: '3.0',
      Labels: labels.map((l) => ({ Name: l.name, Confidence: l.confidence, Instances: [], Parents: (l.parents ?? []).map((Name) => ({ Name })), Aliases: (l.aliases ?? []).map((Name) => ({ Name })), Categories: [] })),
    };
  });

  /** Creates, uploads and waits for a blob labelled with `labels`; answers its id and createdAt. */
  async function labelledBlob(call: Call, labels: ChosenLabel[]): Promise<{ id: string; createdAt: string }> {
    const { createBlob } = await call<{ createBlob: { id: string; uploadUrl: string } }>('mutation { createBlob(input: {}) { id uploadUrl } }');
    byBlob.set(createBlob.id, labels);
    const put = await fetch(createBlob.uploadUrl, { method: 'PUT', body: new Uint8Array(await readFile(image('messi5.jpg'))), headers: { 'content-type': 'image/jpeg' } });
    if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
    return waitFor(
      async () => {
        const { blob } = await call<{ blob: { status: string; createdAt: string } | null }>('query ($id: ID!) { blob(id: $id) { status createdAt } }', { id: createBlob.id });
        if (blob?.status === 'FAILED') throw new Error(`blob ${createBlob.id} FAILED`);
        return blob?.status === 'LABELLED' ? { id: createBlob.id, createdAt: blob.createdAt } : undefined;
      },
      { what: `blob ${createBlob.id} labelled` },
    );
  }
  return { labelledBlob };
}
