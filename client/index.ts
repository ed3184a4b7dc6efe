/** The client the web page and the CLI share: configure from amplify_outputs.json, then label images and manage your own. */
import type { Blob } from '../api/generated/graphql.js';
import { configureAmplify, graphqlClient, type AmplifyOutputs, type BlobsAuthMode } from './config.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from './access-tokens.js';
import { labelImage, type LabelImageOptions } from './label-image.js';
import { deleteMyBlob, getMyBlob, listMyBlobs, type BlobPage } from './my-blobs.js';
import { myLabels, searchMyBlobs, type SearchRequest } from './search.js';
import type { AccessToken, LabelCount, NewAccessToken } from '../api/generated/graphql.js';
import type { Uploader } from './upload.js';

export * from './errors.js';
export { configureAmplify, configureBlobsClient, graphqlClient, outputsFrom, type AmplifyOutputs, type BlobsAuthMode, type BlobsGraphqlClient } from './config.js';
export { detectImageType, type ImageContentType } from './image-type.js';
export { labelImage, type LabelImageOptions, type LabelImageStatus } from './label-image.js';
export { deleteMyBlob, getMyBlob, listMyBlobs, type BlobPage } from './my-blobs.js';
export { myLabels, searchMyBlobs, type SearchRequest } from './search.js';
export { checkUploadResponse, uploadWithFetch, type UploadRequest, type Uploader } from './upload.js';

export interface BlobsClient {
  labelImage(options: Omit<LabelImageOptions, 'client' | 'upload'>): Promise<Blob>;
  /** The signed-in user's blobs, newest first (user-pool clients only). */
  listMyBlobs(page?: { limit?: number; nextToken?: string }): Promise<BlobPage>;
  getMyBlob(id: string): Promise<Blob | null>;
  deleteMyBlob(id: string): Promise<boolean>;
  /** The signed-in user's blobs with these labels, newest first. */
  searchMyBlobs(request: SearchRequest): Promise<BlobPage>;
  /** The signed-in user's labels with counts, most frequent first. */
  myLabels(limit?: number): Promise<LabelCount[]>;
  /** Personal access tokens (user-pool clients only: a token cannot manage tokens). */
  createAccessToken(name: string, expiresInDays?: number): Promise<NewAccessToken>;
  listAccessTokens(): Promise<AccessToken[]>;
  revokeAccessToken(id: string): Promise<boolean>;
}

/**
 * Configures Amplify and binds the platform's uploader. With authMode 'userPool' every call goes
 * out as the signed-in user, so the blobs it creates are that user's.
 */
export function createBlobsClient(outputs: AmplifyOutputs, upload?: Uploader, authMode: BlobsAuthMode = 'apiKey'): BlobsClient {
  configureAmplify(outputs);
  return blobsClient(authMode, upload);
}

/** The same, for Amplify already configured (configureAmplify): one configuration, clients in both modes. */
export function blobsClient(authMode: BlobsAuthMode, upload?: Uploader): BlobsClient {
  const client = graphqlClient(authMode);
  return {
    labelImage: (options) => labelImage({ ...options, client, upload }),
    listMyBlobs: (page) => listMyBlobs(client, page),
    getMyBlob: (id) => getMyBlob(client, id),
    deleteMyBlob: (id) => deleteMyBlob(client, id),
    searchMyBlobs: (request) => searchMyBlobs(client, request),
    myLabels: (limit) => myLabels(client, limit),
    createAccessToken: (name, days) => createAccessToken(client, name, days),
    listAccessTokens: () => listAccessTokens(client),
    revokeAccessToken: (id) => revokeAccessToken(client, id),
  };
}
