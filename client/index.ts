/** The client the web page and the CLI share: configure from amplify_outputs.json, then label images. */
import type { Blob } from '../api/generated/graphql.js';
import { configureBlobsClient, type AmplifyOutputs } from './config.js';
import { labelImage, type LabelImageOptions } from './label-image.js';
import type { Uploader } from './upload.js';

export * from './errors.js';
export { configureBlobsClient, outputsFrom, type AmplifyOutputs, type BlobsGraphqlClient } from './config.js';
export { detectImageType, type ImageContentType } from './image-type.js';
export { labelImage, type LabelImageOptions, type LabelImageStatus } from './label-image.js';
export { checkUploadResponse, uploadWithFetch, type UploadRequest, type Uploader } from './upload.js';

export interface BlobsClient {
  labelImage(options: Omit<LabelImageOptions, 'client' | 'upload'>): Promise<Blob>;
}

/** Configures Amplify once and binds the platform's uploader. */
export function createBlobsClient(outputs: AmplifyOutputs, upload?: Uploader): BlobsClient {
  const client = configureBlobsClient(outputs);
  return { labelImage: (options) => labelImage({ ...options, client, upload }) };
}
