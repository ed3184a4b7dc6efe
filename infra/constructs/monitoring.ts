/**
 * Alarms: any function error, any labelling event given up on (it lands in the on-failure
 * queue, where it waits for a person), sustained throttling (Rekognition past the SDK's retries,
 * or Lambda), and a webhook failure rate. With `alarmEmail` they also notify by e-mail.
 */
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS } from '../../api/metrics.js';
import { appMetric } from './dashboard.js';

export interface MonitoringProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Where labelling events go after their retries; any message there is an incident. */
  readonly failedEvents: IQueue;
  /** The function whose Rekognition calls and webhooks the throttling and webhook alarms watch. */
  readonly labeller: IFunction;
  readonly alarmEmail?: string;
  /** Of the topic's key: a retained key outlives the stack (and its 7-30 day deletion window). */
  readonly removalPolicy?: RemovalPolicy;
}

export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    if (props.alarmEmail) {
      // A customer-managed key, not alias/aws/sns: CloudWatch publishes to an encrypted topic only
      // if the topic's key lets cloudwatch.amazonaws.com Decrypt and GenerateDataKey*, and the
      // AWS-managed key's policy cannot be changed, so with it every alarm fired into nothing.
      // This is the key policy statement AWS documents for alarms on encrypted topics.
      const key = new kms.Key(this, 'AlarmTopicKey', {
        description: 'Encrypts the alarm topic; CloudWatch may use it to publish alarms',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy,
      });
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToUseTheKey',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
      this.topic = new sns.Topic(this, 'AlarmTopic', {
        displayName: 'Blobs API alarms',
        masterKey: key,
        enforceSSL: true,
      });
      // The topic policy must also allow CloudWatch to publish; the conditions keep it to this
      // account's alarms (no other account's alarm can use the topic: the confused deputy).
      const { account, region, partition } = Stack.of(this);
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
          },
        }),
      );
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, {
        alarmDescription: `The ${name} function threw (see its log group)`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }

    this.alarm('FailedLabellingEvents', {
      alarmDescription: 'Labelling events were given up on after retries and wait in the on-failure queue',
      metric: props.failedEvents.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    // Throttled calls are retried (the event, then the on-failure queue), so one is noise; throttling
    // in two of three 5-minute periods means uploads arrive faster than the account's TPS quota.
    this.alarm('RekognitionThrottling', {
      alarmDescription: 'Rekognition throttled labelling calls past the SDK retries in 2 of the last 3 periods: uploads outpace the TPS quota',
      metric: appMetric(METRICS.throttles),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.alarm('LabellerThrottled', {
      alarmDescription: 'Lambda throttled the labelling function (account or reserved concurrency reached)',
      metric: props.labeller.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    // A rate, not a count: one customer's dead endpoint should not page at 3 a.m., a quarter of
    // all deliveries failing should. Below 5 deliveries in the period the rate reads 0.
    this.alarm('WebhookFailureRate', {
      alarmDescription: 'More than 25% of webhook deliveries failed after all their retries (over 15 minutes, at least 5 deliveries)',
      metric: new cloudwatch.MathExpression({
        expression: 'IF(deliveries >= 5, failures / deliveries, 0)',
        usingMetrics: { deliveries: appMetric(METRICS.webhookDeliveries), failures: appMetric(METRICS.webhookFailures) },
        period: Duration.minutes(15),
        label: 'webhook failure rate',
      }),
      threshold: 0.25,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  /**
   * Every alarm here treats missing data as not breaching (a quiet API raises nothing) and, unless
   * it says otherwise, fires at its threshold or above; each notifies the topic when there is one.
   */
  private alarm(id: string, props: Omit<cloudwatch.AlarmProps, 'treatMissingData'>): void {
    const alarm = new cloudwatch.Alarm(this, id, { comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, ...props, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
