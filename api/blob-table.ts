/**
 * The blobs table's secondary indexes. Declared once for both runtimes: infra/constructs/table.ts
 * creates them on AWS, local/dynamodb on dynalite.
 */

/** myBlobs: a user's blobs by creation time. */
export const OWNER_INDEX = { name: 'byOwner', partitionKey: 'owner', sortKey: 'createdAt' } as const;

/**
 * searchBlobs: the inverted index. One item per (blob, normalized label name) lives in the same
 * table (AWS's guidance for an inverted index on DynamoDB); its partition is `<owner>#<name>` and
 * its sort `<createdAt>#<blobId>`, so one owner's blobs with one label read newest first.
 */
export const LABEL_INDEX = { name: 'byLabel', partitionKey: 'labelKey', sortKey: 'labelSort', projected: ['blobId', 'confidence'] } as const;

/** myLabels: every index item of one owner, grouped by label (the counts are made from it). */
export const LABEL_OWNER_INDEX = { name: 'labelsByOwner', partitionKey: 'labelOwner', sortKey: 'labelKey', projected: ['blobId', 'labelName'] } as const;

/** A byLabel partition: one owner's blobs carrying one normalized name. */
export const labelKeyOf = (owner: string, name: string) => `${owner}#${name}`;

/**
 * The GraphQL API's environment variable (AppSync's ctx.env) naming the blobs table: a
 * BatchGetItem in a resolver names its table, and only the deploy knows the name.
 */
export const API_TABLE_ENV = 'BLOB_TABLE_NAME';

/** Every index of the table, in the order the table declares them. */
export const BLOB_TABLE_INDEXES = [OWNER_INDEX, LABEL_INDEX, LABEL_OWNER_INDEX] as const;

/**
 * Index items share the table with blob records, under ids no blob id can take (blob ids are
 * UUIDs). They carry neither `owner` nor `status`, so myBlobs never lists them and no blob read
 * treats them as a blob.
 */
export const LABEL_ITEM_PREFIX = 'idx#';

/**
 * The link from an identity-pool identity to the user-pool user it signed in as, written by the
 * linkStorageIdentity resolver from what AppSync vouches for (ctx.identity), read by the labeller
 * to own a storage upload: `sid#<identity id>` → { sub }. No blob id starts so (blob ids are UUIDs);
 * it carries no `owner` or `status`, so no blob read or list takes it for a blob.
 */
export const STORAGE_LINK_PREFIX = 'sid#';
