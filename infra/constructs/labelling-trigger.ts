/**
 * How uploads reach the labelling function, at a pace Rekognition's quota allows: S3
 * ObjectCreated → an SQS queue → Lambda's SQS event source (batch size and maximum concurrency
 * from infra/pacing.ts) → the function, which reports failed records one by one
 * (batchItemFailures). A failed record (a throttled Rekognition call, a service error) comes
 * back after the visibility timeout; after MAX_RECEIVE_COUNT receives it moves to the
 * dead-letter queue (kept 14 days) for a person. The handler is idempotent per blob, so
 * redelivery and S3's at-least-once delivery are safe.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LABELLING_EVENTS, type BucketEventKind } from '../../api/object-keys.js';
import { acknowledge } from '../nag.js';
import type { LabellingPacing } from '../pacing.js';
import { grantQueueConsumer } from '../permissions.js';

export interface LabellingTriggerProps {
  readonly bucket: s3.IBucket;
  readonly labeller: lambda.Function;
  readonly pacing: LabellingPacing;
  readonly removalPolicy: RemovalPolicy;
}

/** The labelling function's environment variable that carries the pace (read by functions/lib/config.ts). */
export const CALL_INTERVAL_ENV = 'REKOGNITION_CALL_INTERVAL_MS';

const EVENT_TYPES: Record<BucketEventKind, s3.EventType> = { ObjectCreated: s3.EventType.OBJECT_CREATED, ObjectRemoved: s3.EventType.OBJECT_REMOVED };

export class LabellingTrigger extends Construct {
  /** Uploads waiting to be labelled. */
  readonly uploads: sqs.Queue;
  /** Upload events the labeller gave up on (the dead-letter queue). */
  readonly failedEvents: sqs.Queue;

  constructor(scope: Construct, id: string, props: LabellingTriggerProps) {
    super(scope, id);
    const { pacing } = props;
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.failedEvents, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the uploads queue.');

    // SQS-managed encryption, not KMS: S3 can send event notifications to it without a key policy.
    this.uploads = new sqs.Queue(this, 'Uploads', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: pacing.visibilityTimeout,
      // Longer than the retries can take (5 receives × 6 minutes), as long as the dead-letter queue keeps them.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.failedEvents, maxReceiveCount: pacing.maxReceiveCount },
      removalPolicy: props.removalPolicy,
    });

    grantQueueConsumer(props.labeller, this.uploads);
    props.labeller.addEventSourceMapping('Uploads', {
      eventSourceArn: this.uploads.queueArn,
      batchSize: pacing.batchSize,
      maxConcurrency: pacing.maxConcurrency,
      reportBatchItemFailures: true,
    });
    props.labeller.addEnvironment(CALL_INTERVAL_ENV, String(pacing.callIntervalMs));

    // Uploads only (presigned and storage), as api/object-keys.ts declares: the thumbnails the
    // labeller writes (thumbnails/…) must not label themselves.
    const destination = new s3n.SqsDestination(this.uploads);
    for (const { prefix, events } of LABELLING_EVENTS) {
      for (const kind of events) props.bucket.addEventNotification(EVENT_TYPES[kind], destination, { prefix });
    }
  }
}
