/** A signed-in user's search: blobs by label (ALL or ANY, minConfidence), and its labels with counts. */
import type { GraphQLResult } from 'aws-amplify/api';
import type { BlobConnection, LabelCount, LabelMatch, QueryMyLabelsArgs, QuerySearchBlobsArgs } from '../api/generated/graphql.js';
import { BLOB_FIELDS } from '../api/blob-fields.js';
import type { BlobsGraphqlClient } from './config.js';
import { toClientError } from './graphql-errors.js';
import type { BlobPage } from './my-blobs.js';

export const SEARCH_BLOBS = /* GraphQL */ `
  query SearchBlobs($labels: [String!]!, $match: LabelMatch, $minConfidence: Float, $limit: Int, $nextToken: String) {
    searchBlobs(labels: $labels, match: $match, minConfidence: $minConfidence, limit: $limit, nextToken: $nextToken) { items { ${BLOB_FIELDS} } nextToken }
  }
`;

export const MY_LABELS = /* GraphQL */ `
  query MyLabels($limit: Int) {
    myLabels(limit: $limit) { name count }
  }
`;

export interface SearchRequest {
  labels: string[];
  match?: LabelMatch;
  minConfidence?: number;
  limit?: number;
  nextToken?: string;
}

async function run<Result>(client: BlobsGraphqlClient, query: string, variables: object, what: string): Promise<Result> {
  try {
    return ((await client.graphql({ query, variables: variables as never })) as GraphQLResult<Result>).data;
  } catch (failure) {
    throw toClientError(failure, what);
  }
}

/** Newest first; a name matches a label, its parents and aliases, case-insensitively. */
export async function searchMyBlobs(client: BlobsGraphqlClient, request: SearchRequest): Promise<BlobPage> {
  const variables: QuerySearchBlobsArgs = request;
  const { searchBlobs } = await run<{ searchBlobs: BlobConnection }>(client, SEARCH_BLOBS, variables, 'Searching your images');
  return { items: searchBlobs.items, nextToken: searchBlobs.nextToken ?? undefined };
}

/** Most frequent first. */
export async function myLabels(client: BlobsGraphqlClient, limit?: number): Promise<LabelCount[]> {
  const variables: QueryMyLabelsArgs = { limit };
  return (await run<{ myLabels: LabelCount[] }>(client, MY_LABELS, variables, 'Listing your labels')).myLabels;
}
