/**
 * The four deploy defects of issue 17, each fixed in the template: the alarm topic CloudWatch can
 * publish to, the lifecycle rule S3 accepts, the API key expiry inside AppSync's window with a
 * margin, and no account-wide API Gateway singleton unless asked for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/settings.js';
import { synthesizeTemplate } from '../../infra/synth-template.js';

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };
let plain: Template;
let withAlarms: Template;
let synthStartedAt: number;
let synthEndedAt: number;

beforeAll(async () => {
  synthStartedAt = Date.now();
  plain = (await synthesizeTemplate()) as Template;
  synthEndedAt = Date.now();
  withAlarms = (await synthesizeTemplate({ alarmEmail: 'ops@example.com', apiGatewayCloudWatchRole: 'true' })) as Template;
}, 300_000);

const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

describe('alarm topic', () => {
  it('is encrypted with a rotated customer-managed key whose policy lets CloudWatch use it', () => {
    const [[, topic]] = ofType(withAlarms, 'AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt']?.[0] ?? topic.Properties.KmsMasterKeyId.Ref;
    const key = withAlarms.Resources[keyId];
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });

  it("has a topic policy letting this account's alarms publish", () => {
    const [[topicId]] = ofType(withAlarms, 'AWS::SNS::Topic');
    const policy = ofType(withAlarms, 'AWS::SNS::TopicPolicy').find(([, p]) => p.Properties.Topics.some((t: { Ref?: string }) => t.Ref === topicId));
    expect(policy?.[1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': expect.anything() } },
      }),
    );
  });
});

it('holds ExpiredObjectDeleteMarker only in a rule that also expires noncurrent versions', () => {
  const rules = ofType(plain, 'AWS::S3::Bucket').flatMap(([, b]) => (b.Properties.LifecycleConfiguration?.Rules ?? []) as Array<Record<string, unknown>>);
  const markers = rules.filter((r) => r.ExpiredObjectDeleteMarker);
  // One per expiring prefix (uploads/anonymous/, thumbnails/anonymous/).
  expect(markers.length).toBeGreaterThan(0);
  for (const rule of markers) expect(rule).toHaveProperty('NoncurrentVersionExpiration');
});

describe('API key expiry', () => {
  it('defaults to 364 days after synth, a day inside what AppSync accepts', () => {
    const [[, key]] = ofType(plain, 'AWS::AppSync::ApiKey');
    // Expires is whole seconds, fixed somewhere inside the synth.
    const expiresMs = key.Properties.Expires * 1000;
    expect(expiresMs).toBeGreaterThanOrEqual(synthStartedAt - 1000 + 364 * 86_400_000);
    expect(expiresMs).toBeLessThanOrEqual(synthEndedAt + 364 * 86_400_000);
    expect(expiresMs).toBeLessThan(Date.now() + 365 * 86_400_000 - 60 * 60_000);
  });

  it('refuses, at synth, settings AppSync could refuse at deploy', () => {
    expect(() => settingsFromContext((k) => ({ apiKeyExpiryDays: '365' })[k])).toThrow('Context "apiKeyExpiryDays" must be a whole number from 2 to 364; got "365"');
    expect(() => settingsFromContext((k) => ({ apiKeyExpiryDays: '1' })[k])).toThrow('from 2 to 364');
    expect(settingsFromContext((k) => ({ apiKeyExpiryDays: '2' })[k]).apiKeyExpiryDays).toBe(2);
  });
});

describe("API Gateway's account-wide CloudWatch role", () => {
  it('is not set by default; the stage still logs access', () => {
    expect(ofType(plain, 'AWS::ApiGateway::Account')).toHaveLength(0);
    const [[, stage]] = ofType(plain, 'AWS::ApiGateway::Stage');
    expect(stage.Properties.AccessLogSetting.DestinationArn).toBeDefined();
  });

  it('is set with -c apiGatewayCloudWatchRole=true, marked as asked for', () => {
    const accounts = ofType(withAlarms, 'AWS::ApiGateway::Account');
    expect(accounts).toHaveLength(1);
    expect(accounts[0][1].Metadata).toHaveProperty(['blobs:account-singleton-acknowledged']);
  });

  it('accepts only true or false', () => {
    expect(() => settingsFromContext((k) => ({ apiGatewayCloudWatchRole: 'yes' })[k])).toThrow('Context "apiGatewayCloudWatchRole" must be one of true, false; got "yes"');
  });
});
