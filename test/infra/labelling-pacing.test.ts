/**
 * Backpressure in the template: S3 → SQS (encrypted, SSL only, a dead-letter queue) → the
 * labelling function through an SQS event source whose batch size and maximum concurrency, and
 * the function's pace, come from `rekognitionTps` (infra/pacing.ts); cdk-nag stays clean.
 * Synthesized without bundling (the assets do not matter here), so this file runs in seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
import { FUNCTION_PROFILES } from '../../infra/constructs/functions.js';
import { CALL_INTERVAL_ENV } from '../../infra/constructs/labelling-trigger.js';
import { labellingPacing } from '../../infra/pacing.js';
import { settingsFromContext } from '../../infra/settings.js';
import { LABELLING_EVENTS } from '../../api/object-keys.js';

type Resource = { Type: string; Properties: Record<string, any> };
let outdir: string;
let built: BuiltApp;
let template: Template;
const TPS = 20;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'blobs-pacing-'));
  built = await buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], rekognitionTps: String(TPS) } });
  // synth runs cdk-nag and the rehearsal's rules; an unacknowledged finding throws.
  built.app.synth();
  template = Template.fromStack(built.stack);
}, 300_000);
afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

const resources = (type: string) => Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const labelBlobId = () => resources('AWS::Lambda::Function').find(([, r]) => String(r.Properties.Description).startsWith('S3 ObjectCreated'))![0];
const queueIds = () => {
  const queues = resources('AWS::SQS::Queue');
  const uploads = queues.find(([, q]) => q.Properties.RedrivePolicy)!;
  const dead = queues.find(([id]) => id !== uploads[0])!;
  return { uploads: uploads[0], dead: dead[0], uploadsProps: uploads[1].Properties };
};

describe('the pacing formula', () => {
  const timeout = FUNCTION_PROFILES.labelBlob.timeout;
  it.each([1, 2, 5, 7, 20, 50, 333, 5000])('at %i TPS: concurrency ≥ 2, and concurrency ÷ interval never exceeds the quota', (tps) => {
    const p = labellingPacing(tps, timeout);
    expect(p.maxConcurrency).toBeGreaterThanOrEqual(2);
    expect(p.maxConcurrency).toBeLessThanOrEqual(1000);
    expect(p.batchSize).toBeGreaterThanOrEqual(1);
    expect(p.batchSize).toBeLessThanOrEqual(10);
    expect((p.maxConcurrency * 1000) / p.callIntervalMs).toBeLessThanOrEqual(tps);
    expect(p.batchSize * p.callIntervalMs).toBeLessThanOrEqual(timeout.toMilliseconds() / 2);
    expect(p.visibilityTimeout.toSeconds()).toBe(6 * timeout.toSeconds());
  });

  it('refuses a pace the function timeout cannot hold, and a TPS that is not a whole number ≥ 1', () => {
    expect(() => labellingPacing(1, Duration.seconds(3))).toThrow(/timeout/);
    expect(() => labellingPacing(0, timeout)).toThrow(/rekognitionTps/);
    expect(() => settingsFromContext((k) => (k === 'rekognitionTps' ? '2.5' : undefined))).toThrow(/rekognitionTps/);
    expect(settingsFromContext(() => undefined).rekognitionTps).toBe(5);
  });
});

describe('the template', () => {
  it('S3 notifies the uploads queue of the labelling events (ObjectCreated under uploads/ and photos/, ObjectRemoved under photos/), and the queue lets only this bucket send', () => {
    const { uploads } = queueIds();
    const notification = resources('Custom::S3BucketNotifications')[0][1].Properties.NotificationConfiguration;
    expect(notification.LambdaFunctionConfigurations ?? []).toEqual([]);
    const expected = LABELLING_EVENTS.flatMap(({ prefix, events }) => events.map((event) => ({ Events: [`s3:${event}:*`], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } }, QueueArn: { 'Fn::GetAtt': [uploads, 'Arn'] } })));
    expect(expected.map((c) => `${c.Events[0]} ${c.Filter.Key.FilterRules[0].Value}`)).toEqual(['s3:ObjectCreated:* uploads/', 's3:ObjectCreated:* photos/', 's3:ObjectRemoved:* photos/']);
    expect(notification.QueueConfigurations).toEqual(expected);
    const policy = resources('AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues.some((q: unknown) => JSON.stringify(q).includes(uploads)))![1];
    const send = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Principal?.Service === 's3.amazonaws.com');
    expect(send.Action).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(JSON.stringify(send.Condition)).toContain('aws:SourceArn');
  });

  it('both queues are encrypted and refuse non-TLS requests; the uploads queue dead-letters after MAX_RECEIVE_COUNT receives', () => {
    const { uploads, dead, uploadsProps } = queueIds();
    const pacing = labellingPacing(TPS, FUNCTION_PROFILES.labelBlob.timeout);
    for (const [, q] of resources('AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    for (const id of [uploads, dead]) {
      const policy = resources('AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(id))![1];
      expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
    }
    expect(uploadsProps.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dead, 'Arn'] }, maxReceiveCount: pacing.maxReceiveCount });
    expect(uploadsProps.VisibilityTimeout).toBe(6 * FUNCTION_PROFILES.labelBlob.timeout.toSeconds());
  });

  it('the labelling function consumes the queue with the batch size, maximum concurrency and pace derived from rekognitionTps, reporting batch item failures', () => {
    const pacing = labellingPacing(TPS, FUNCTION_PROFILES.labelBlob.timeout);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: labelBlobId() },
      EventSourceArn: { 'Fn::GetAtt': [queueIds().uploads, 'Arn'] },
      BatchSize: pacing.batchSize,
      ScalingConfig: { MaximumConcurrency: pacing.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const env = (template.toJSON().Resources[labelBlobId()] as Resource).Properties.Environment.Variables;
    expect(env[CALL_INTERVAL_ENV]).toBe(String(pacing.callIntervalMs));
    // S3 no longer invokes the function directly: no permission for s3.amazonaws.com, no async-invoke config.
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 's3.amazonaws.com' }, 0);
  });

  it('the function may consume the uploads queue only: ReceiveMessage, DeleteMessage, GetQueueAttributes on its ARN', () => {
    const roleRef = (template.toJSON().Resources[labelBlobId()] as Resource).Properties.Role['Fn::GetAtt'][0];
    const statements = resources('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleRef))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>)
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('sqs:')));
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: { 'Fn::GetAtt': [queueIds().uploads, 'Arn'] } }]);
  });
});
