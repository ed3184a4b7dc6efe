/**
 * Labels many files through the shared client, at most `concurrency` at a time, and never
 * throws: each file ends as an outcome, so one bad file does not hide the others' results.
 */
import { readFile } from 'node:fs/promises';
import type { Blob, BlobFeature, Label } from '../api/generated/graphql.js';
import { BlobsClientError, type BlobsClient, type LabelImageOptions, type LabelImageStatus } from '../client/index.js';

export interface FileOutcome {
  file: string;
  ok: boolean;
  blobId: string | null;
  /** The blob's final status, or ERROR when the file never got that far. */
  status: Blob['status'] | 'ERROR';
  labels: Label[] | null;
  error: { code: string; message: string } | null;
  /** Present when features were asked for (--features): what was asked and each result, as the API gives them. */
  features?: BlobFeature[];
  imageProperties?: Blob['imageProperties'];
  text?: Blob['text'];
  faces?: Blob['faces'];
  moderationLabels?: Blob['moderationLabels'];
  featureErrors?: Blob['featureErrors'];
}

/** What each file's blob asks Rekognition (the service's defaults when left out). */
export type FeatureRequest = Pick<LabelImageOptions, 'features' | 'minConfidence' | 'maxLabels'>;

/** The results beyond labels, only for blobs that asked for features explicitly, so the default output stays the seed's. */
function featureResults(blob: Blob, request: FeatureRequest): Partial<FileOutcome> {
  if (!request.features) return {};
  const { features, imageProperties, text, faces, moderationLabels, featureErrors } = blob;
  return { features, imageProperties, text, faces, moderationLabels, featureErrors };
}

export interface FileProgress {
  onStatus(file: string, status: LabelImageStatus): void;
  onProgress(file: string, sent: number, total: number): void;
  onDone(outcome: FileOutcome): void;
}

export async function labelFiles(client: BlobsClient, files: string[], o: { concurrency: number; callbackUrl?: string; request?: FeatureRequest; progress: FileProgress }): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      outcomes[index] = await labelOne(client, files[index], o);
      o.progress.onDone(outcomes[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, files.length) }, worker));
  return outcomes;
}

async function labelOne(client: BlobsClient, file: string, o: { callbackUrl?: string; request?: FeatureRequest; progress: FileProgress }): Promise<FileOutcome> {
  let blobId: string | null = null;
  try {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw Object.assign(new Error(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`), { code: 'UNREADABLE' });
    });
    const blob = await client.labelImage({
      bytes,
      callbackUrl: o.callbackUrl,
      ...o.request,
      onProgress: (sent, total) => o.progress.onProgress(file, sent, total),
      onStatus: (status) => {
        if ('blobId' in status) blobId = status.blobId;
        o.progress.onStatus(file, status);
      },
    });
    const labelled = blob.status === 'LABELLED';
    return {
      file,
      ok: labelled,
      blobId: blob.id,
      status: blob.status,
      labels: blob.labels ?? null,
      error: labelled ? null : { code: blob.error?.code ?? 'UNKNOWN', message: blob.error?.message ?? 'the blob ended FAILED without a reason' },
      ...featureResults(blob, o.request ?? {}),
    };
  } catch (error) {
    const code = error instanceof BlobsClientError ? error.code : ((error as { code?: string }).code ?? 'ERROR');
    return { file, ok: false, blobId, status: 'ERROR', labels: null, error: { code, message: (error as Error).message } };
  }
}
