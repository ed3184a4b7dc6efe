/**
 * The operations dashboard: what the application reports (api/metrics.ts, EMF from the
 * functions), what AppSync, Lambda and WAF report about it, and the on-failure queue. One page,
 * read top to bottom: is work flowing, is it failing, is someone abusing the API.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE, type MetricSpec } from '../../api/metrics.js';

export interface DashboardProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly failedEvents: IQueue;
  readonly graphqlApiId: string;
  /** The web ACL's name and its rules' metric names (infra/constructs/firewall.ts). */
  readonly webAcl: { readonly name: string; readonly rules: readonly string[] };
}

const PERIOD = Duration.minutes(5);

/** An application metric of the labelling function (its EMF `service` dimension). */
export function appMetric(spec: MetricSpec, statistic: string = cloudwatch.Stats.SUM, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: spec.name, dimensionsMap: { service: METRICS_SERVICE }, statistic, period: PERIOD, label });
}

export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const appsync = (metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: props.graphqlApiId }, statistic, period: PERIOD, label });
    const waf = (rule: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensionsMap: { WebACL: props.webAcl.name, Rule: rule, Region: Stack.of(this).region }, statistic: cloudwatch.Stats.SUM, period: PERIOD, label: rule });
    const fns = Object.entries(props.functions);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Images labelled (per 5 min)', left: [appMetric(METRICS.imagesLabelled)], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Labelling time (ms)',
        left: [appMetric(METRICS.labellingTime, cloudwatch.Stats.p(50), 'p50'), appMetric(METRICS.labellingTime, cloudwatch.Stats.p(99), 'p99')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Features failed, by code',
        left: [new cloudwatch.MathExpression({ expression: `SEARCH('{${METRICS_NAMESPACE},code,service} MetricName="${METRICS.featuresFailed.name}"', 'Sum', 300)`, label: '', period: PERIOD })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Throttles: Rekognition (after SDK retries) and Lambda',
        left: [appMetric(METRICS.throttles, cloudwatch.Stats.SUM, 'Rekognition'), ...fns.map(([name, fn]) => fn.metricThrottles({ period: PERIOD, label: `${name} (Lambda)` }))],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Webhooks: deliveries, attempts, failures',
        left: [appMetric(METRICS.webhookDeliveries, cloudwatch.Stats.SUM, 'deliveries'), appMetric(METRICS.webhookAttempts, cloudwatch.Stats.SUM, 'attempts'), appMetric(METRICS.webhookFailures, cloudwatch.Stats.SUM, 'failed for good')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'On-failure queue: labelling events given up on',
        left: [props.failedEvents.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM, label: 'visible' })],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'AppSync: 4xx and 5xx (per 5 min)', left: [appsync('4XXError', cloudwatch.Stats.SUM, '4xx'), appsync('5XXError', cloudwatch.Stats.SUM, '5xx')], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'AppSync: latency (ms)', left: [appsync('Latency', cloudwatch.Stats.p(50), 'p50'), appsync('Latency', cloudwatch.Stats.p(99), 'p99')], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'WAF: blocked requests, by rule', left: props.webAcl.rules.map(waf), width: 8 }),
    );
  }
}
