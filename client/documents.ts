/**
 * The three operations the client sends. Every field of Blob is selected, so the subscription
 * and the query give the same shape (publishBlobLabelled selects them all, and a subscriber
 * receives only what that mutation selected).
 */
import { BLOB_FIELDS } from '../api/blob-fields.js';
import type { Blob, CreateBlobPayload, MutationCreateBlobArgs, QueryBlobArgs, SubscriptionOnBlobLabelledArgs } from '../api/generated/graphql.js';


export const CREATE_BLOB = /* GraphQL */ `
  mutation CreateBlob($input: CreateBlobInput!) {
    createBlob(input: $input) { id uploadUrl expiresAt callbackUrl }
  }
`;

export const BLOB = /* GraphQL */ `
  query Blob($id: ID!) {
    blob(id: $id) { ${BLOB_FIELDS} }
  }
`;

export const ON_BLOB_LABELLED = /* GraphQL */ `
  subscription OnBlobLabelled($id: ID!) {
    onBlobLabelled(id: $id) { ${BLOB_FIELDS} }
  }
`;

export type CreateBlobResult = { createBlob: CreateBlobPayload };
export type CreateBlobVariables = MutationCreateBlobArgs;
export type BlobResult = { blob: Blob | null };
export type BlobVariables = QueryBlobArgs;
export type OnBlobLabelledResult = { onBlobLabelled: Blob | null };
export type OnBlobLabelledVariables = SubscriptionOnBlobLabelledArgs;
