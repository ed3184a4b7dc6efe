/**
 * The blobs table's index that myBlobs queries: a user's blobs by creation time. Declared once
 * for both runtimes: infra/constructs/table.ts creates it on AWS, local/dynamodb on dynalite.
 */
export const OWNER_INDEX = { name: 'byOwner', partitionKey: 'owner', sortKey: 'createdAt' } as const;
