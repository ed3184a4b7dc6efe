/**
 * What each function may do, beyond writing its own logs, stated action by action (no
 * wildcard actions, no `grantRead`-style bundles that add List and Get*).
 */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { LABEL_INDEX, LABEL_OWNER_INDEX } from '../api/blob-table.js';
import { THUMBNAIL_PREFIX, USER_STORAGE_PREFIX } from '../api/object-keys.js';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './nag.js';

/** The one field the labelling function may call: IAM-only in the schema, it feeds subscriptions. */
export const PUBLISH_FIELD = { typeName: 'Mutation', fieldName: 'publishBlobLabelled' } as const;

/** The one field a signed-in user's identity-pool credentials may call: the link that makes their storage uploads their blobs. */
export const LINK_STORAGE_FIELD = { typeName: 'Mutation', fieldName: 'linkStorageIdentity' } as const;

/** Exactly the Rekognition operations the labelling function calls, one per feature (DetectLabels answers two). */
export const REKOGNITION_ACTIONS = ['rekognition:DetectLabels', 'rekognition:DetectText', 'rekognition:DetectFaces', 'rekognition:DetectModerationLabels'] as const;

/** createBlob records the blob and presigns its PUT (the URL carries this role's permission). */
export function grantCreateBlob(fn: IFunction, o: { table: ITable; bucket: IBucket }): void {
  allow(fn, ['dynamodb:PutItem'], [o.table.tableArn]);
  allow(fn, ['s3:PutObject'], [o.bucket.arnForObjects('*')]);
  acknowledgeObjectWildcard(fn, o.bucket, 'Object keys are random blob ids minted per request, so the grant covers the bucket\'s objects; only PutObject, only this bucket.');
}

/** The seed's REST API: POST /blobs is createBlob's work (PutItem, presigned PutObject), GET /blobs/{id} one GetItem. */
export function grantRestApi(fn: IFunction, o: { table: ITable; bucket: IBucket }): void {
  grantCreateBlob(fn, o);
  allow(fn, ['dynamodb:GetItem'], [o.table.tableArn]);
}

/** labelBlob reads the upload, labels it, records the outcome, announces it and signs the webhook. */
export function grantLabelBlob(fn: IFunction, o: { table: ITable; bucket: IBucket; api: appsync.IGraphqlApi; webhookSecret: ISecret }): void {
  // GetObjectVersion: the function (and Rekognition, on its behalf) reads the version the event
  // names, a presigned upload's or a storage upload's (photos/…, whose metadata names its features).
  allow(fn, ['s3:GetObject', 's3:GetObjectVersion'], [o.bucket.arnForObjects('*')]);
  // Removed, that version only: an upload for a blob deleted meanwhile (its URL still valid), an
  // upload FAILED for its image, and a thumbnail written for an outcome that was not recorded.
  allow(fn, ['s3:DeleteObjectVersion'], [o.bucket.arnForObjects('*')]);
  // The thumbnail it makes: written under thumbnails/ only, never over an upload.
  allow(fn, ['s3:PutObject'], [o.bucket.arnForObjects(`${THUMBNAIL_PREFIX}*`)]);
  acknowledgeObjectWildcard(fn, o.bucket, 'Thumbnails are keyed by random blob ids; only PutObject, only under thumbnails/ of this bucket.', THUMBNAIL_PREFIX);
  // Without ListBucket, HeadObject of a deleted upload answers 403 instead of 404, and the
  // function could not tell "gone" (blob FAILED: UPLOAD_MISSING) from a real access problem.
  allow(fn, ['s3:ListBucket'], [o.bucket.bucketArn]);
  acknowledgeObjectWildcard(fn, o.bucket, 'The function labels whichever object S3 notified it about (keys are random blob ids); only GetObject, only this bucket.');

  // These four have no resource-level permissions: the only valid Resource is "*".
  allow(fn, [...REKOGNITION_ACTIONS], ['*']);
  acknowledgeOnRole(fn, 'AwsSolutions-IAM5[Resource::*]', `${REKOGNITION_ACTIONS.join(', ')} support no resource-level permissions (Resource must be "*"); the statement allows those actions only.`);

  // BatchWriteItem: the blob's search index items (puts, and deletes if the blob went meanwhile).
  // PutItem and DeleteItem: a storage upload's record is made by the labeller (no createBlob came
  // first), and goes when Amplify's remove deletes its object. GetItem also reads the storage link.
  allow(fn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], [o.table.tableArn]);
  // arn:aws:appsync:<region>:<account>:apis/<apiId>/types/Mutation/fields/publishBlobLabelled, nothing else.
  o.api.grantMutation(fn, PUBLISH_FIELD.fieldName);
  allow(fn, ['secretsmanager:GetSecretValue'], [o.webhookSecret.secretArn]);
}

/** deleteBlob finds the owner's record, removes every version of the image, then the record. */
export function grantDeleteBlob(fn: IFunction, o: { table: ITable; bucket: IBucket }): void {
  // BatchWriteItem: the blob's search index items go before the record.
  allow(fn, ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], [o.table.tableArn]);
  allow(fn, ['s3:ListBucketVersions'], [o.bucket.bucketArn]);
  allow(fn, ['s3:DeleteObject', 's3:DeleteObjectVersion'], [o.bucket.arnForObjects('*')]);
  acknowledgeObjectWildcard(fn, o.bucket, 'Deletes the versions of whichever blob its owner (or IAM) deletes (keys are random blob ids); only DeleteObject/DeleteObjectVersion, only this bucket.');
}

/**
 * searchBlobs reads the label indexes (Query, on those two indexes only) and the hits' records
 * (BatchGetItem on the table), and the key its nextTokens are sealed with. It writes nothing.
 */
export function grantSearchBlobs(fn: IFunction, o: { table: ITable; tokenSecret: ISecret }): void {
  allow(fn, ['dynamodb:Query'], [LABEL_INDEX.name, LABEL_OWNER_INDEX.name].map((name) => `${o.table.tableArn}/index/${name}`));
  allow(fn, ['dynamodb:BatchGetItem'], [o.table.tableArn]);
  allow(fn, ['secretsmanager:GetSecretValue'], [o.tokenSecret.secretArn]);
}

/** blobImageUrl presigns GETs of one image version or of a thumbnail; the URL carries this role's permission. */
export function grantBlobImageUrl(fn: IFunction, o: { bucket: IBucket }): void {
  allow(fn, ['s3:GetObject', 's3:GetObjectVersion'], [o.bucket.arnForObjects('*')]);
  acknowledgeObjectWildcard(fn, o.bucket, 'Presigns the labelled version of the blob its owner reads (keys are random blob ids); only GetObject/GetObjectVersion, only this bucket.');
}

/**
 * Lambda's SQS event source polls with the function's role: exactly the three actions AWS's
 * AWSLambdaSQSQueueExecutionRole names (not grantConsumeMessages, which adds
 * ChangeMessageVisibility and GetQueueUrl the poller does not use), on this queue only.
 */
export function grantQueueConsumer(fn: IFunction, queue: IQueue): void {
  allow(fn, ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], [queue.queueArn]);
}

/** The identity pool's policy variable: the caller's identity id, filled in by IAM for each request. */
export const IDENTITY_ID_VARIABLE = '${cognito-identity.amazonaws.com:sub}';

/**
 * A signed-in user's identity-pool credentials (Amplify Storage): read, write, delete and list
 * their own `photos/<identity id>/` prefix, multipart uploads included, and nothing else.
 */
export function grantOwnPhotos(role: iam.IRole, o: { bucket: IBucket; api: appsync.IGraphqlApi }): void {
  // arn:aws:appsync:…:apis/<apiId>/types/Mutation/fields/linkStorageIdentity, nothing else of the API.
  o.api.grantMutation(role, LINK_STORAGE_FIELD.fieldName);
  const own = `${USER_STORAGE_PREFIX}${IDENTITY_ID_VARIABLE}/`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [o.bucket.arnForObjects(`${own}*`)],
    }),
  );
  // Listing is a bucket action: limited to requests whose prefix is inside the caller's own.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [o.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [own, `${own}*`] } } }));
  const logicalId = Stack.of(o.bucket).getLogicalId(o.bucket.node.defaultChild as CfnElement);
  // cdk-nag names a policy variable `<key>` in its finding ids.
  const finding = `${USER_STORAGE_PREFIX}<cognito-identity.amazonaws.com:sub>/*`;
  acknowledge(role, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${finding}]`, "The wildcard is within the caller's own prefix: IAM fills in the identity id, so each user reaches only photos/<their identity id>/.");
}

function allow(fn: IFunction, actions: string[], resources: string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources }));
}

/** cdk-nag names a wildcard finding by the resource as written, e.g. `Resource::<UploadsLogicalId.Arn>/*`. */
function acknowledgeObjectWildcard(fn: IFunction, bucket: IBucket, reason: string, prefix = ''): void {
  const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  acknowledgeOnRole(fn, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`, reason);
}

/** The statements live in the role's DefaultPolicy, a sibling of the function, so acknowledge there. */
function acknowledgeOnRole(fn: IFunction, id: string, reason: string): void {
  if (!fn.role) throw new Error(`${fn.node.path} has no role to acknowledge ${id} on`);
  acknowledge(fn.role, id, reason);
}

/**
 * The access-token functions touch token items only (pat#…, pats#…), but DynamoDB conditions
 * cannot name a key prefix for Put/Update: the grant is the table, with these actions only.
 */
export function grantAccessTokens(fn: IFunction, o: { table: ITable }): void {
  allow(fn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem'], [o.table.tableArn]);
}

/** The authorizer reads a token's item and stamps its lastUsedAt; it writes nothing else. */
export function grantAuthorizeAccessToken(fn: IFunction, o: { table: ITable }): void {
  allow(fn, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [o.table.tableArn]);
}
