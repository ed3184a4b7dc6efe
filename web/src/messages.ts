/** What the page says at each step and for each kind of failure, in words a person can act on. */
import type { Blob } from '../../api/generated/graphql.js';
import { BlobsClientError, type LabelImageStatus } from '../../client/index.js';

export function statusText(status: LabelImageStatus, fileName: string): string {
  switch (status.stage) {
    case 'creating':
      return `Preparing an upload for ${fileName}…`;
    case 'subscribing':
      return 'Subscribing to the result…';
    case 'uploading':
      return `Uploading ${fileName}…`;
    case 'processing':
      return 'Uploaded. Labelling…';
    case 'reconnecting':
      return 'The live connection dropped; reconnecting…';
    case 'done':
      if (status.blob.status !== 'LABELLED') return `Could not label ${fileName}.`;
      return status.blob.features.includes('LABELS') ? `Labelled: ${status.blob.labels?.length ?? 0} labels found in ${fileName}.` : `Analysed ${fileName}.`;
  }
}

export interface ErrorMessage {
  title: string;
  detail: string;
}

export function failedBlobMessage(blob: Blob): ErrorMessage {
  const code = blob.error?.code ?? 'UNKNOWN';
  return { title: `The service could not label this image (${code}).`, detail: blob.error?.message ?? '' };
}

export function errorMessage(error: unknown): ErrorMessage {
  if (!(error instanceof BlobsClientError)) return { title: 'Something went wrong.', detail: error instanceof Error ? error.message : String(error) };
  switch (error.code) {
    case 'NOT_AN_IMAGE':
      return { title: 'That file is not a JPEG or PNG image.', detail: 'Choose a photo in one of those formats.' };
    case 'UPLOAD_URL_EXPIRED':
      return { title: 'The upload link expired before the upload finished.', detail: 'Choose the image again to get a new link.' };
    case 'UPLOAD_REJECTED':
      return { title: 'The upload was refused.', detail: error.message };
    case 'CONNECTION_LOST':
      return { title: 'Lost the connection to the API.', detail: `${error.message}. Check that the server is running, then try again.` };
    case 'REQUEST_REJECTED':
      return { title: 'The API refused the request.', detail: error.message };
    case 'TIMED_OUT':
      return { title: 'No answer came back in time.', detail: error.message };
    case 'BLOB_FAILED':
      return { title: 'The service could not label this image.', detail: error.message };
    case 'ABORTED':
      return { title: 'Cancelled.', detail: '' };
  }
}
