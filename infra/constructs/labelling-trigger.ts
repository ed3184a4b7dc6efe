/**
 * How uploads reach the labelling function: S3 ObjectCreated invokes it asynchronously; Lambda
 * retries a failed event twice, then parks it in an SQS queue (kept 14 days) for a person.
 * The handler is idempotent per blob, so retries and S3's at-least-once delivery are safe.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { UPLOAD_PREFIX } from '../../api/object-keys.js';
import { acknowledge } from '../nag.js';

export interface LabellingTriggerProps {
  readonly bucket: s3.IBucket;
  readonly labeller: lambda.IFunction;
  readonly removalPolicy: RemovalPolicy;
}

export const ASYNC_INVOKE = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

export class LabellingTrigger extends Construct {
  /** Events the labeller gave up on. */
  readonly failedEvents: sqs.Queue;

  constructor(scope: Construct, id: string, props: LabellingTriggerProps) {
    super(scope, id);
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(this.failedEvents, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter destination (Lambda on-failure destination) of the labelling function.');

    props.labeller.configureAsyncInvoke({
      retryAttempts: ASYNC_INVOKE.retryAttempts,
      maxEventAge: ASYNC_INVOKE.maxEventAge,
      onFailure: new destinations.SqsDestination(this.failedEvents),
    });

    // Uploads only: the thumbnails the labeller writes (thumbnails/…) must not label themselves.
    props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(props.labeller), { prefix: UPLOAD_PREFIX });
  }
}
