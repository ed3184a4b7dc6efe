/** The S3 event notification record AWS delivers to Lambda (eventVersion 2.1): ObjectCreated, or ObjectRemoved (no size or ETag, as AWS sends it). */
import type { S3Event } from 'aws-lambda';

export type BucketEventName = 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload' | 'ObjectRemoved:Delete' | 'ObjectRemoved:DeleteMarkerCreated';

export function bucketEvent(o: { region: string; bucket: string; key: string; size?: number; etag?: string; sequencer: string; versionId?: string; sourceIp: string; principalId: string; eventName?: BucketEventName }): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: o.region,
        eventTime: new Date().toISOString(),
        eventName: o.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: o.principalId },
        requestParameters: { sourceIPAddress: o.sourceIp },
        responseElements: { 'x-amz-request-id': o.sequencer.slice(0, 16), 'x-amz-id-2': o.sequencer },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'blobs-object-created',
          bucket: { name: o.bucket, ownerIdentity: { principalId: o.principalId }, arn: `arn:aws:s3:::${o.bucket}` },
          // AWS URL-encodes keys in events (spaces as '+').
          // versionId only when the bucket is versioned, as AWS sends it.
          object: { key: encodeURIComponent(o.key).replace(/%20/g, '+'), ...(o.size !== undefined && { size: o.size, eTag: o.etag }), ...(o.versionId ? { versionId: o.versionId } : {}), sequencer: o.sequencer } as S3Event['Records'][number]['s3']['object'],
        },
      },
    ],
  };
}
