/**
 * Amplify Storage uploads as blobs, in the synthesized template: the bucket tells the labelling
 * queue of uploads/ and photos/ objects created, and of photos/ objects removed (api/object-keys.ts
 * LABELLING_EVENTS, nothing under thumbnails/); the link's data source may PutItem (its
 * one resolver keys every item sid#…) and write nothing else; the labelling function reads and removes what that needs.
 */
import { describe, expect, it } from 'vitest';
import { useSynthesizedStack } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const { resourcesOf } = stack;
const resources = () => stack.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;

const statementsOfRole = (roleId: string) =>
  resourcesOf('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);

describe('the bucket notifications', () => {
  it('send uploads/ and photos/ creations, and photos/ removals, to the uploads queue; nothing else', () => {
    const [[, notifications]] = resourcesOf('Custom::S3BucketNotifications');
    const [queueId] = resourcesOf('AWS::SQS::Queue').find(([id]) => /LabellingTriggerUploads/.test(id))!;
    const configs = notifications.Properties.NotificationConfiguration.QueueConfigurations as Array<{ Events: string[]; Filter: { Key: { FilterRules: Array<{ Name: string; Value: string }> } }; QueueArn: unknown }>;
    const seen = configs.map((c) => ({ events: c.Events, prefixes: c.Filter.Key.FilterRules.map((r) => r.Value), queue: c.QueueArn }));
    const queue = { 'Fn::GetAtt': [queueId, 'Arn'] };
    expect(seen).toEqual([
      { events: ['s3:ObjectCreated:*'], prefixes: ['uploads/'], queue },
      { events: ['s3:ObjectCreated:*'], prefixes: ['photos/'], queue },
      { events: ['s3:ObjectRemoved:*'], prefixes: ['photos/'], queue },
    ]);
  });
});

describe('the storage link', () => {
  it('is written through its own data source, which may PutItem and write nothing else', () => {
    const [, source] = resourcesOf('AWS::AppSync::DataSource').find(([, d]) => d.Properties.Name === 'storageLinkTable')!;
    const roleId = source.Properties.ServiceRoleArn['Fn::GetAtt'][0];
    const writes = statementsOfRole(roleId).filter((s) => [s.Action].flat().some((a) => /Put|Update|Delete|Write/.test(a)));
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    expect(writes).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] }},
    ]);
    // The blob table's own data source still only reads.
    const [, blobs] = resourcesOf('AWS::AppSync::DataSource').find(([, d]) => d.Properties.Name === 'blobTable')!;
    expect(statementsOfRole(blobs.Properties.ServiceRoleArn['Fn::GetAtt'][0]).flatMap((s) => [s.Action].flat()).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });

  it('resolves linkStorageIdentity, IAM only in the schema', () => {
    const resolver = Object.values(resources()).find((r) => r.Type === 'AWS::AppSync::Resolver' && r.Properties.FieldName === 'linkStorageIdentity')!;
    expect(resolver.Properties).toMatchObject({ TypeName: 'Mutation', DataSourceName: 'storageLinkTable' });
    const [[, schema]] = resourcesOf('AWS::AppSync::GraphQLSchema');
    expect(schema.Properties.Definition).toMatch(/linkStorageIdentity: StorageIdentityLink! @aws_iam\n/);
  });
});

describe('the labelling function', () => {
  it('may create and delete blob records (a storage upload has no createBlob before it, and goes with its object)', () => {
    const [, labeller] = resourcesOf('AWS::Lambda::Function').find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'labelBlob')!;
    const roleId = labeller.Properties.Role['Fn::GetAtt'][0];
    const dynamodb = statementsOfRole(roleId).flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamodb.sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });
});
