/**
 * The one declaration of how GraphQL fields are resolved. Both runtimes read it:
 * `infra/` turns it into AppSync data sources and resolvers, and the local engine
 * (`local/appsync/`) loads the same resolver bundles against its stand-ins.
 *
 * Data sources name a logical backing resource; each runtime binds the name to a
 * real one (a CDK Table/Function, or the local DynamoDB endpoint/in-process handler).
 */

import { STORAGE_LINK_PREFIX } from './blob-table.js';

export type DataSourceSpec =
  /** Read-only, unless `puts` names the one key prefix (api/blob-table.ts) its resolvers may PutItem under. */
  | { readonly type: 'AMAZON_DYNAMODB'; readonly table: 'blobs'; readonly puts?: string }
  | { readonly type: 'AWS_LAMBDA'; readonly function: keyof typeof lambdaFunctions }
  | { readonly type: 'NONE' };

/** Lambda functions of the API. `entry` exports `handler`. */
export const lambdaFunctions = {
  createBlob: { entry: 'functions/create-blob/handler.ts', description: 'Validates createBlob input, records the blob, presigns the upload' },
  labelBlob: { entry: 'functions/label-blob/sqs-entry.ts', description: 'S3 ObjectCreated -> SQS (paced) -> DetectLabels -> DynamoDB -> publishBlobLabelled -> webhook' },
  deleteBlob: { entry: 'functions/delete-blob/handler.ts', description: 'deleteBlob: removes every version of the image, then the record (owner or IAM)' },
  blobImageUrl: { entry: 'functions/blob-image-url/handler.ts', description: 'Blob.imageUrl, Blob.thumbnailUrl: presigned GETs of the labelled image version and the thumbnail, for its owner' },
  searchBlobs: { entry: 'functions/search-blobs/handler.ts', description: 'searchBlobs and myLabels: the owner\'s inverted label index, each hit checked against its blob record' },
  restApi: { entry: 'functions/rest-api/handler.ts', description: "The seed's REST API (POST /blobs, GET /blobs/{blob_id}) behind API Gateway" },
  accessTokens: { entry: 'functions/access-tokens/handler.ts', description: 'createAccessToken, accessTokens, revokeAccessToken: personal access tokens, stored as hashes' },
  // The API's AWS_LAMBDA authorizer (api/access-tokens.ts), not a data source.
  authorizeAccessToken: { entry: 'functions/authorize-token/handler.ts', description: 'AppSync Lambda authorizer: admits a known, unrevoked, unexpired personal access token as its owner' },
} as const;

export const dataSources = {
  blobTable: { type: 'AMAZON_DYNAMODB', table: 'blobs' },
  // linkStorageIdentity writes its link item (sid#<identity id>) through AppSync; nothing else does.
  storageLinkTable: { type: 'AMAZON_DYNAMODB', table: 'blobs', puts: STORAGE_LINK_PREFIX },
  createBlobFunction: { type: 'AWS_LAMBDA', function: 'createBlob' },
  deleteBlobFunction: { type: 'AWS_LAMBDA', function: 'deleteBlob' },
  blobImageUrlFunction: { type: 'AWS_LAMBDA', function: 'blobImageUrl' },
  searchBlobsFunction: { type: 'AWS_LAMBDA', function: 'searchBlobs' },
  accessTokensFunction: { type: 'AWS_LAMBDA', function: 'accessTokens' },
  none: { type: 'NONE' },
} as const satisfies Record<string, DataSourceSpec>;

export type DataSourceName = keyof typeof dataSources;

export interface PipelineFunctionSpec {
  readonly name: string;
  readonly dataSource: DataSourceName;
  /** APPSYNC_JS source, relative to the repository root. */
  readonly code: string;
}

export type ResolverSpec =
  | {
      readonly typeName: string;
      readonly fieldName: string;
      readonly kind: 'UNIT';
      readonly dataSource: DataSourceName;
      readonly code: string;
    }
  | {
      readonly typeName: string;
      readonly fieldName: string;
      readonly kind: 'PIPELINE';
      readonly code: string;
      readonly functions: readonly PipelineFunctionSpec[];
    };

/** Reads the caller's access-token item, for a token caller only (resolvers/lib/access-token.ts). */
const checkAccessToken: PipelineFunctionSpec = { name: 'checkAccessToken', dataSource: 'blobTable', code: 'resolvers/functions/checkAccessToken.ts' };

/**
 * A root field a personal access token may call whose own data-source call cannot also read the
 * token's item (an index Query, a Lambda): checkAccessToken, then the field's code as a function.
 * (blob reads the item in its own BatchGetItem; Blob's fields are reached only through a checked
 * root field.)
 */
const tokenChecked = (typeName: string, fieldName: string, dataSource: DataSourceName, code: string): ResolverSpec => ({
  typeName,
  fieldName,
  kind: 'PIPELINE',
  code: 'resolvers/pipeline/token-checked.ts',
  functions: [checkAccessToken, { name: `${typeName.toLowerCase()}${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}`, dataSource, code }],
});

export const resolvers: readonly ResolverSpec[] = [
  { typeName: 'Query', fieldName: 'blob', kind: 'UNIT', dataSource: 'blobTable', code: 'resolvers/Query.blob.ts' },
  tokenChecked('Query', 'myBlobs', 'blobTable', 'resolvers/Query.myBlobs.ts'),
  {
    typeName: 'Query',
    fieldName: 'searchBlobs',
    kind: 'PIPELINE',
    code: 'resolvers/Query.searchBlobs.ts',
    // The access-token check first; then one plain name: the next two (the table's data source);
    // otherwise the last (the function).
    functions: [
      checkAccessToken,
      { name: 'searchOneLabel', dataSource: 'blobTable', code: 'resolvers/functions/searchOneLabel.ts' },
      { name: 'checkSearchHits', dataSource: 'blobTable', code: 'resolvers/functions/checkSearchHits.ts' },
      { name: 'searchLabelsInFunction', dataSource: 'searchBlobsFunction', code: 'resolvers/functions/searchLabelsInFunction.ts' },
    ],
  },
  tokenChecked('Query', 'myLabels', 'searchBlobsFunction', 'resolvers/Query.myLabels.ts'),
  tokenChecked('Mutation', 'deleteBlob', 'deleteBlobFunction', 'resolvers/Mutation.deleteBlob.ts'),
  { typeName: 'Blob', fieldName: 'imageUrl', kind: 'UNIT', dataSource: 'blobImageUrlFunction', code: 'resolvers/Blob.imageUrl.ts' },
  { typeName: 'Blob', fieldName: 'thumbnailUrl', kind: 'UNIT', dataSource: 'blobImageUrlFunction', code: 'resolvers/Blob.thumbnailUrl.ts' },
  tokenChecked('Mutation', 'createBlob', 'createBlobFunction', 'resolvers/Mutation.createBlob.ts'),
  { typeName: 'Mutation', fieldName: 'publishBlobLabelled', kind: 'UNIT', dataSource: 'none', code: 'resolvers/Mutation.publishBlobLabelled.ts' },
  { typeName: 'Mutation', fieldName: 'linkStorageIdentity', kind: 'UNIT', dataSource: 'storageLinkTable', code: 'resolvers/Mutation.linkStorageIdentity.ts' },
  { typeName: 'Query', fieldName: 'accessTokens', kind: 'UNIT', dataSource: 'accessTokensFunction', code: 'resolvers/Query.accessTokens.ts' },
  { typeName: 'Mutation', fieldName: 'createAccessToken', kind: 'UNIT', dataSource: 'accessTokensFunction', code: 'resolvers/Mutation.createAccessToken.ts' },
  { typeName: 'Mutation', fieldName: 'revokeAccessToken', kind: 'UNIT', dataSource: 'accessTokensFunction', code: 'resolvers/Mutation.revokeAccessToken.ts' },
  // Its own code validates the id before the check and sets the filters after it.
  { typeName: 'Subscription', fieldName: 'onBlobLabelled', kind: 'PIPELINE', code: 'resolvers/Subscription.onBlobLabelled.ts', functions: [checkAccessToken] },
];
