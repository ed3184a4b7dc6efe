/**
 * The upload bucket (keys per api/object-keys.ts: uploads/ and thumbnails/, each split into
 * anonymous/ and users/) and the bucket its server access logs go to.
 * Browsers reach it straight (presigned PUTs, Amplify Storage), hence CORS; nothing is ever public.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LEGACY_IMAGE_PREFIXES, prefixesOf, USER_STORAGE_PREFIX, type StorageClass } from '../../api/object-keys.js';
import { acknowledge } from '../nag.js';

export interface BlobStorageProps {
  readonly removalPolicy: RemovalPolicy;
  /** Origins allowed to PUT presigned uploads from a browser (`*` for any). */
  readonly corsOrigins: readonly string[];
  /** Anonymous blobs' images and thumbnails are deleted this many days after they were written. */
  readonly retentionDays: number;
  /** The same for signed-in users' blobs; absent: kept until the user deletes them. */
  readonly userRetentionDays?: number;
  /** Access logs are kept this long. */
  readonly accessLogRetentionDays?: number;
}

export class BlobStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BlobStorageProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logging can deliver only to SSE-S3 encrypted buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    acknowledge(this.accessLogsBucket, 'AwsSolutions-S1', 'This is the access-log destination itself; logging it would log the logging.');

    this.bucket = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      // Each upload is a version: a blob's labels stay pinned to the version that was labelled
      // (its id comes in the ObjectCreated event), even if the upload URL is used again.
      versioned: true,
      cors: [browserAccess(props.corsOrigins)],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Lifecycle rules filter by prefix, so the key says whose a blob is and only the classes
        // with a retention get rules: a signed-in user's images are kept until deleted by default.
        ...retentionRules('anonymous', props.retentionDays),
        ...(props.userRetentionDays === undefined ? [] : retentionRules('users', props.userRetentionDays)),
        // Images stored under <id> before that layout: every record then had a TTL of
        // retentionDays, so their images keep that retention, or they would outlive their records.
        ...LEGACY_IMAGE_PREFIXES.flatMap((prefix) => expiryRules(`expire-legacy-${prefix}`, prefix, props.retentionDays)),
        ...storageRules(props.userRetentionDays),
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
  }
}

/**
 * The one CORS rule, for both ways a browser reaches the bucket: the presigned PUT (its signed
 * Content-Type must be allowed) and Amplify Storage, whose requests carry x-amz-* headers that
 * vary by operation (hence any header), use POST and DELETE for multipart uploads and `remove`,
 * and read each part's ETag to complete a multipart upload. The exposed headers are the ones
 * Amplify's guide for a custom bucket lists, plus the version id. The local S3 serves this very
 * rule, read from the template (local/template/bucket-cors.ts).
 */
function browserAccess(origins: readonly string[]): s3.CorsRule {
  return {
    allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD, s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.DELETE],
    allowedOrigins: [...origins],
    allowedHeaders: ['*'],
    exposedHeaders: ['ETag', 'x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id'],
    maxAge: 3000,
  };
}

/**
 * Per prefix of a storage class (its uploads, its thumbnails): the current object expires after
 * `days`, and so does a replaced version (it may be the one that was labelled and is shown: kept
 * as long as images are). Delete markers left once every version has expired are removed by the
 * versions rule: a rule holding only ExpiredObjectDeleteMarker is one CloudFormation's S3 handler
 * has been seen to refuse ("At least one of [ExpirationDate, ExpirationInDays, …] needs to be
 * specified"), rolling back the first deploy. S3 accepts the marker beside a noncurrent-version
 * expiration (not beside an Expiration of days, hence two rules). `npm run rehearse` flags a
 * marker-only rule.
 */
function retentionRules(storageClass: StorageClass, days: number): s3.LifecycleRule[] {
  return prefixesOf(storageClass).flatMap((prefix) => expiryRules(`expire-${prefix.replace(/\/$/, '').replace(/\//g, '-')}`, prefix, days));
}

function expiryRules(id: string, prefix: string, days: number): s3.LifecycleRule[] {
  return [
    { id, prefix, expiration: Duration.days(days) },
    { id: `${id}-replaced-versions`, prefix, noncurrentVersionExpiration: Duration.days(days), expiredObjectDeleteMarker: true },
  ];
}

/**
 * Amplify Storage's prefix (photos/<identity id>/): signed-in users' files and blobs, kept until
 * they remove them, or for `userRetentionDays` when the deployer set it. A version replaced by a
 * new upload, or hidden by Amplify's `remove` (a delete marker), is gone a day later: the blob
 * went with the remove, and a replaced photo's blob is labelled again from the new version, so
 * nothing shows an old version for longer.
 */
function storageRules(userRetentionDays: number | undefined): s3.LifecycleRule[] {
  return [
    ...(userRetentionDays === undefined ? [] : [{ id: 'expire-photos', prefix: USER_STORAGE_PREFIX, expiration: Duration.days(userRetentionDays) }]),
    { id: 'expire-photos-replaced-versions', prefix: USER_STORAGE_PREFIX, noncurrentVersionExpiration: Duration.days(1), expiredObjectDeleteMarker: true },
  ];
}
