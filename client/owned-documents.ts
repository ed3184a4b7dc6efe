/**
 * The operations of a signed-in user's own blobs (user-pool auth): list them newest first, look
 * one up with its picture, delete one. They select the same Blob fields as the labelling flow,
 * plus the owner-only ones.
 */
import type { Blob, BlobConnection, MutationDeleteBlobArgs, QueryBlobArgs, QueryMyBlobsArgs } from '../api/generated/graphql.js';
import { BLOB_FIELDS } from '../api/blob-fields.js';

const OWNED_BLOB_FIELDS = `${BLOB_FIELDS} owner imageUrl thumbnailUrl`;

export const MY_BLOBS = /* GraphQL */ `
  query MyBlobs($limit: Int, $nextToken: String) {
    myBlobs(limit: $limit, nextToken: $nextToken) { items { ${OWNED_BLOB_FIELDS} } nextToken }
  }
`;

export const OWNED_BLOB = /* GraphQL */ `
  query OwnedBlob($id: ID!) {
    blob(id: $id) { ${OWNED_BLOB_FIELDS} }
  }
`;

export const DELETE_BLOB = /* GraphQL */ `
  mutation DeleteBlob($id: ID!) {
    deleteBlob(id: $id) { id }
  }
`;

export type MyBlobsResult = { myBlobs: BlobConnection };
export type MyBlobsVariables = QueryMyBlobsArgs;
export type OwnedBlobResult = { blob: Blob | null };
export type OwnedBlobVariables = QueryBlobArgs;
export type DeleteBlobResult = { deleteBlob: Pick<Blob, 'id'> | null };
export type DeleteBlobVariables = MutationDeleteBlobArgs;
