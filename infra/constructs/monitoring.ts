/**
 * Alarms: any function error, and any labelling event given up on (it lands in the on-failure
 * queue, where it waits for a person). With `alarmEmail` they also notify by e-mail.
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

export interface MonitoringProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Where labelling events go after their retries; any message there is an incident. */
  readonly failedEvents: IQueue;
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
      this.add(
        new cloudwatch.Alarm(this, `${name}Errors`, {
          alarmDescription: `The ${name} function threw (see its log group)`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.add(
      new cloudwatch.Alarm(this, 'FailedLabellingEvents', {
        alarmDescription: 'Labelling events were given up on after retries and wait in the on-failure queue',
        metric: props.failedEvents.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private add(alarm: cloudwatch.Alarm): void {
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
