/** A signed-in user's own blobs: a page of them, one with its picture, and deleting one. */
import type { GraphQLResult } from 'aws-amplify/api';
import type { Blob } from '../api/generated/graphql.js';
import type { BlobsGraphqlClient } from './config.js';
import { toClientError } from './graphql-errors.js';
import {
  DELETE_BLOB,
  MY_BLOBS,
  OWNED_BLOB,
  type DeleteBlobResult,
  type DeleteBlobVariables,
  type MyBlobsResult,
  type MyBlobsVariables,
  type OwnedBlobResult,
  type OwnedBlobVariables,
} from './owned-documents.js';

export interface BlobPage {
  items: Blob[];
  /** Pass back for the next page; undefined on the last one. */
  nextToken?: string;
}

/** Newest first; `limit` is at most 100 (the API refuses more). */
export async function listMyBlobs(client: BlobsGraphqlClient, page: { limit?: number; nextToken?: string } = {}): Promise<BlobPage> {
  const { myBlobs } = await run<MyBlobsResult, MyBlobsVariables>(client, MY_BLOBS, { limit: page.limit, nextToken: page.nextToken }, 'Listing your images');
  return { items: myBlobs.items, nextToken: myBlobs.nextToken ?? undefined };
}

/** The blob with its imageUrl, or null when there is none of that id (or it is someone else's). */
export async function getMyBlob(client: BlobsGraphqlClient, id: string): Promise<Blob | null> {
  return (await run<OwnedBlobResult, OwnedBlobVariables>(client, OWNED_BLOB, { id }, 'The blob lookup')).blob;
}

/** True when deleted; false when there was nothing of yours by that id (deleting is idempotent). */
export async function deleteMyBlob(client: BlobsGraphqlClient, id: string): Promise<boolean> {
  return (await run<DeleteBlobResult, DeleteBlobVariables>(client, DELETE_BLOB, { id }, 'Deleting the image')).deleteBlob !== null;
}

async function run<Result, Variables extends object>(client: BlobsGraphqlClient, query: string, variables: Variables, what: string): Promise<Result> {
  try {
    // Documents are strings, so Amplify cannot infer their types; they are the generated ones.
    const response = (await client.graphql({ query, variables: variables as never })) as GraphQLResult<Result>;
    return response.data;
  } catch (failure) {
    throw toClientError(failure, what);
  }
}
