/**
 * One test per kind of rehearsal finding: the real synthesized template, changed to hold the
 * defect, gives exactly the finding line `npm run rehearse` prints. The real template gives none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL_INDEX, LABEL_OWNER_INDEX, OWNER_INDEX } from '../../api/blob-table.js';
import { SINGLETON_ACKNOWLEDGED } from '../../infra/account-singleton.js';
import { defaultContext, runRules } from '../../rehearse/check.js';
import { formatFinding, type CfnTemplate } from '../../rehearse/types.js';
import { alarmOnTopic, firstOfType, realTemplate } from './template.js';

let real: CfnTemplate;
const now = new Date('2026-12-03T10:00:00Z');
let template: CfnTemplate;

beforeAll(async () => {
  real = await realTemplate();
});

const lines = (t: CfnTemplate) => runRules(t, defaultContext(now)).map(formatFinding);
const fresh = () => (template = structuredClone(real));

it('finds nothing in the real template', () => {
  // The key's expiry is judged from its own synth: the cached template may be days old.
  const [, key] = firstOfType(real, 'AWS::AppSync::ApiKey');
  expect(runRules(real, defaultContext(new Date(key.Properties.Expires * 1000 - 364 * 86_400_000))).map(formatFinding)).toEqual([]);
});

describe('lambda-limits', () => {
  it('memory outside 128-10240 MB', () => {
    const [id, fn] = firstOfType(fresh(), 'AWS::Lambda::Function');
    fn.Properties.MemorySize = 10_241;
    expect(lines(template)).toContain(`lambda-limits ${id}: MemorySize 10241 MB is outside Lambda's 128-10240 MB`);
  });

  it('timeout over 900 s', () => {
    const [id, fn] = firstOfType(fresh(), 'AWS::Lambda::Function');
    fn.Properties.Timeout = 901;
    expect(lines(template)).toContain(`lambda-limits ${id}: Timeout 901 s is over Lambda's 900 s`);
  });

  it('environment over 4 KB', () => {
    const [id, fn] = firstOfType(fresh(), 'AWS::Lambda::Function');
    fn.Properties.Environment.Variables.BIG = 'x'.repeat(4096);
    expect(lines(template).find((l) => l.startsWith(`lambda-limits ${id}: environment variables take `))).toMatch(/over Lambda's 4096/);
  });
});

describe('api-key-expiry', () => {
  const withExpiry = (seconds: number) => {
    const [id, key] = firstOfType(fresh(), 'AWS::AppSync::ApiKey');
    key.Properties.Expires = Math.floor(now.getTime() / 1000) + seconds;
    return id;
  };

  it('365 days or more from now', () => {
    const id = withExpiry(365 * 86_400 + 60);
    expect(lines(template)).toContain(`api-key-expiry ${id}: Expires is 365.00 days from now; AppSync accepts less than 365`);
  });

  it('1 day or less from now', () => {
    const id = withExpiry(3600);
    expect(lines(template)).toContain(`api-key-expiry ${id}: Expires is 0.04 days from now; AppSync needs more than 1`);
  });
});

describe('stack-limits', () => {
  it('more than 500 resources', () => {
    fresh();
    for (let i = Object.keys(template.Resources!).length; i <= 500; i++) template.Resources![`Extra${i}`] = { Type: 'AWS::SNS::Topic', Properties: {} };
    expect(lines(template)).toContain("stack-limits template: 501 resources, over CloudFormation's 500 per stack");
  });

  it('more than 200 outputs and 200 parameters', () => {
    fresh();
    for (let i = Object.keys(template.Outputs ?? {}).length; i <= 200; i++) (template.Outputs ??= {})[`Out${i}`] = { Value: 'x' };
    template.Parameters = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`P${i}`, { Type: 'String' }]));
    expect(lines(template)).toEqual(
      expect.arrayContaining(["stack-limits template: 201 outputs, over CloudFormation's 200 per stack", "stack-limits template: 201 parameters, over CloudFormation's 200 per stack"]),
    );
  });
});

describe('alarm-topics', () => {
  it('a topic encrypted with alias/aws/sns', () => {
    const { alarmId, topicId } = alarmOnTopic(fresh(), { KmsMasterKeyId: 'alias/aws/sns' });
    expect(lines(template)).toContain(`alarm-topics ${alarmId}: notifies topic ${topicId}, which is encrypted with alias/aws/sns, which CloudWatch cannot use`);
  });

  it('a topic on alias/aws/sns as CDK writes it (an ARN joined from the partition, region and account)', () => {
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alias/aws/sns']] };
    const { alarmId, topicId } = alarmOnTopic(fresh(), { KmsMasterKeyId: arn });
    expect(lines(template)).toContain(`alarm-topics ${alarmId}: notifies topic ${topicId}, which is encrypted with alias/aws/sns, which CloudWatch cannot use`);
  });

  it('a topic no policy lets CloudWatch publish to', () => {
    const { alarmId, topicId } = alarmOnTopic(fresh());
    expect(lines(template)).toContain(`alarm-topics ${alarmId}: notifies topic ${topicId}, which has no topic policy allowing cloudwatch.amazonaws.com sns:Publish`);
  });

  it("a topic whose key's policy leaves CloudWatch out", () => {
    const { alarmId, topicId } = alarmOnTopic(fresh(), { KmsMasterKeyId: { 'Fn::GetAtt': ['RehearsalKey', 'Arn'] } });
    template.Resources!.RehearsalKey = { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }] } } };
    expect(lines(template)).toContain(`alarm-topics ${alarmId}: notifies topic ${topicId}, which is encrypted with RehearsalKey, whose key policy does not allow cloudwatch.amazonaws.com kms:Decrypt, kms:GenerateDataKey`);
  });
});

describe('lifecycle-rules', () => {
  const addRule = (rule: Record<string, unknown>) => {
    const [id, bucket] = firstOfType(fresh(), 'AWS::S3::Bucket');
    (bucket.Properties.LifecycleConfiguration ??= { Rules: [] }).Rules.push(rule);
    return id;
  };

  it('a rule holding only ExpiredObjectDeleteMarker', () => {
    const id = addRule({ Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true });
    expect(lines(template)).toContain(`lifecycle-rules ${id}: lifecycle rule "remove-expired-delete-markers" holds only ExpiredObjectDeleteMarker; put it in a rule that also expires (noncurrent) versions`);
  });

  it('a rule with no action', () => {
    const id = addRule({ Id: 'nothing', Status: 'Enabled', Prefix: 'tmp/' });
    expect(lines(template)).toContain(`lifecycle-rules ${id}: lifecycle rule "nothing" has no action; S3 refuses it`);
  });
});

describe('account-singleton', () => {
  const account = (metadata?: Record<string, unknown>) => {
    fresh().Resources!.ApiAccount = { Type: 'AWS::ApiGateway::Account', Properties: { CloudWatchRoleArn: 'arn:aws:iam::123456789012:role/x' }, ...(metadata ? { Metadata: metadata } : {}) };
  };

  it('AWS::ApiGateway::Account in the stack', () => {
    account();
    expect(lines(template)).toContain(
      'account-singleton ApiAccount: AWS::ApiGateway::Account is one per account and region: it overwrites the CloudWatch role another stack set and stays after delete (set it once per account, or -c apiGatewayCloudWatchRole=true)',
    );
  });

  it('but not when the deployer asked for it', () => {
    account({ [SINGLETON_ACKNOWLEDGED]: 'asked for' });
    expect(lines(template).filter((l) => l.startsWith('account-singleton'))).toEqual([]);
  });
});

describe('iam-actions', () => {
  const withAction = (action: string) => {
    const [id, policy] = firstOfType(fresh(), 'AWS::IAM::Policy');
    policy.Properties.PolicyDocument.Statement[0].Action = [action, ...[policy.Properties.PolicyDocument.Statement[0].Action].flat()];
    return id;
  };

  it('an action the service does not have', () => {
    const id = withAction('s3:GetObjekt');
    expect(lines(template)).toContain(`iam-actions ${id}: "s3:GetObjekt" is not an action of s3`);
  });

  it('a wildcard matching no action', () => {
    const id = withAction('dynamodb:Fetch*');
    expect(lines(template)).toContain(`iam-actions ${id}: "dynamodb:Fetch*" matches no dynamodb action`);
  });

  it('a service IAM does not know', () => {
    const id = withAction('rekognitionn:DetectLabels');
    expect(lines(template)).toContain(`iam-actions ${id}: "rekognitionn:DetectLabels": there is no IAM service "rekognitionn"`);
  });

  it('an action without its service', () => {
    const id = withAction('GetObject');
    expect(lines(template)).toContain(`iam-actions ${id}: "GetObject" is not of the form service:action`);
  });

  it('in resource policies too (a bucket policy)', () => {
    const [id, policy] = firstOfType(fresh(), 'AWS::S3::BucketPolicy');
    policy.Properties.PolicyDocument.Statement[0].Action = 's3:*Objekt';
    expect(lines(template)).toContain(`iam-actions ${id}: "s3:*Objekt" matches no s3 action`);
  });
});

describe('gsi-updates (with the deployed template given)', () => {
  /** The real template as a stack deployed before some of its table's indexes existed. */
  const deployedWithout = (...names: string[]) => {
    const previous = structuredClone(real);
    const [id, table] = firstOfType(previous, 'AWS::DynamoDB::Table');
    table.Properties.GlobalSecondaryIndexes = table.Properties.GlobalSecondaryIndexes.filter((index: { IndexName: string }) => !names.includes(index.IndexName));
    return { id, previous };
  };
  const updateLines = (previous: CfnTemplate, next: CfnTemplate = real) => runRules(next, { ...defaultContext(now), previous }).filter((f) => f.rule === 'gsi-updates').map(formatFinding);

  it('two indexes created in one update: the upgrade from a stack deployed before search', () => {
    const { id, previous } = deployedWithout(LABEL_INDEX.name, LABEL_OWNER_INDEX.name);
    expect(updateLines(previous)).toEqual([
      `gsi-updates ${id}: creates ${LABEL_INDEX.name}, ${LABEL_OWNER_INDEX.name}: 2 global secondary index operations in one update, and DynamoDB makes one per update; deploy them one at a time (docs/deploying.md#adding-indexes-to-a-deployed-table)`,
    ]);
  });

  it('one index created, or none changed, is a valid update; without a deployed template nothing is judged', () => {
    expect(updateLines(deployedWithout(LABEL_OWNER_INDEX.name).previous)).toEqual([]);
    expect(updateLines(real)).toEqual([]);
    expect(runRules(real, defaultContext(now)).filter((f) => f.rule === 'gsi-updates')).toEqual([]);
  });

  it('an index whose keys changed under the same name is a delete and a create; one deleted beside one created is two', () => {
    const next = structuredClone(real);
    const [id, table] = firstOfType(next, 'AWS::DynamoDB::Table');
    const owner = table.Properties.GlobalSecondaryIndexes.find((index: { IndexName: string }) => index.IndexName === OWNER_INDEX.name);
    owner.KeySchema = owner.KeySchema.slice(0, 1);
    expect(updateLines(real, next)).toEqual([
      `gsi-updates ${id}: changes the keys or projection of ${OWNER_INDEX.name} (a delete and a create): 2 global secondary index operations in one update, and DynamoDB makes one per update; deploy them one at a time (docs/deploying.md#adding-indexes-to-a-deployed-table)`,
    ]);
    const renamed = structuredClone(real);
    firstOfType(renamed, 'AWS::DynamoDB::Table')[1].Properties.GlobalSecondaryIndexes.find((index: { IndexName: string }) => index.IndexName === LABEL_INDEX.name).IndexName = 'byLabelV2';
    expect(updateLines(real, renamed)).toEqual([
      `gsi-updates ${id}: creates byLabelV2; deletes ${LABEL_INDEX.name}: 2 global secondary index operations in one update, and DynamoDB makes one per update; deploy them one at a time (docs/deploying.md#adding-indexes-to-a-deployed-table)`,
    ]);
  });
});
