/**
 * Traces, dashboard and alarms in the synthesized template (issue 23), and Tracer staying a
 * pass-through offline, where there is no X-Ray daemon.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS, METRICS_NAMESPACE } from '../../api/metrics.js';
import { lambdaFunctions } from '../../api/wiring.js';
import { getTracer, traced } from '../../functions/lib/tracing.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import type { CfnTemplate } from '../../local/template/types.js';

let template: CfnTemplate;
beforeAll(async () => {
  template = (await synthesizeTemplate()) as CfnTemplate;
}, 300_000);

const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const ours = () => ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties!.Environment && (r.Properties!.Environment as any).Variables?.POWERTOOLS_SERVICE_NAME);

describe('tracing', () => {
  it('every function of the wiring has X-Ray active tracing, and its role may write traces', () => {
    const fns = ours();
    expect(fns.map(([, r]) => (r.Properties!.Environment as any).Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual(Object.keys(lambdaFunctions).sort());
    for (const [, fn] of fns) {
      expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
      const roleId = (fn.Properties!.Role as any)['Fn::GetAtt'][0];
      const actions = ofType('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
        .flatMap(([, p]) => (p.Properties!.PolicyDocument as any).Statement.flatMap((s: any) => [s.Action].flat()));
      expect(actions).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
    }
  });

  it('AppSync traces too', () => {
    expect(ofType('AWS::AppSync::GraphQLApi')[0][1].Properties!.XrayEnabled).toBe(true);
  });

  it('Tracer is off outside Lambda (no AWS_EXECUTION_ENV): a traced handler just runs', async () => {
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(getTracer().isTracingEnabled()).toBe(false);
    expect(await traced(async (n: number) => n + 1)(41)).toBe(42);
    await expect(traced(async () => Promise.reject(new Error('kept')))(undefined)).rejects.toThrow('kept');
    // …and on in a Lambda execution environment, where the daemon address is set.
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    try {
      expect(new Tracer({ serviceName: 'probe' }).isTracingEnabled()).toBe(true);
    } finally {
      delete process.env.AWS_EXECUTION_ENV;
    }
  });
});

describe('the dashboard', () => {
  it('shows the application metrics, AppSync 4xx/5xx/latency, WAF blocks and the on-failure queue', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0][1].Properties!.DashboardBody);
    for (const spec of Object.values(METRICS)) expect(body).toContain(spec.name);
    expect(body).toContain(METRICS_NAMESPACE);
    for (const m of ['4XXError', '5XXError', 'Latency']) expect(body).toContain(`\\"AWS/AppSync\\",\\"${m}\\"`);
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('BlockedRequests');
    expect(body).toContain('AWS/Lambda\\",\\"Throttles');
  });
});

describe('the alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as Record<string, any>);

  it("keep today's: each function's errors and the on-failure queue", () => {
    const names = alarms().map((a) => a.MetricName);
    expect(names.filter((n) => n === 'Errors')).toHaveLength(Object.keys(lambdaFunctions).length);
    expect(names).toContain('ApproximateNumberOfMessagesVisible');
  });

  it('fire on Rekognition throttling in 2 of 3 periods, and on any Lambda throttle of the labeller', () => {
    expect(alarms().find((a) => a.MetricName === METRICS.throttles.name)).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Sum', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(alarms().find((a) => a.MetricName === 'Throttles' && a.Namespace === 'AWS/Lambda')).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
  });

  it('fire on a webhook failure rate over 25% (failures ÷ deliveries, once there are 5)', () => {
    const rate = alarms().find((a) => Array.isArray(a.Metrics) && a.Metrics.some((m: any) => m.Expression?.includes('failures / deliveries')));
    expect(rate).toMatchObject({ Threshold: 0.25, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    const used = rate!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Period]);
    expect(used.sort()).toEqual([['deliveries', METRICS.webhookDeliveries.name, 900], ['failures', METRICS.webhookFailures.name, 900]]);
  });
});
