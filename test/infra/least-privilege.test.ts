/**
 * Each function's role in the synthesized template allows what its code calls and nothing more
 * (the grants of infra/permissions.ts); deleteBlob and imageUrl through their own data sources.
 */
import { describe, expect, it } from 'vitest';
import { ADDITIONAL_AUTH_MODES, DEFAULT_AUTH_MODE } from '../../api/auth-modes.js';
import { DETECTORS } from '../../functions/lib/detectors/analyse.js';
import { actionsOf, ownActions, useSynthesizedStack } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const { resourcesOf, functionId, statementsOf } = stack;

describe('least privilege', () => {
  it('the labelling function may call appsync:GraphQL on the publishBlobLabelled field only', () => {
    const statements = statementsOf(functionId('S3 ObjectCreated'));
    const appsync = statements.filter((s) => [s.Action].flat().includes('appsync:GraphQL'));
    expect(appsync).toHaveLength(1);
    const resources = [appsync[0].Resource].flat();
    expect(resources).toHaveLength(1);
    const arn = JSON.stringify(resources[0]);
    expect(arn).toContain('/types/Mutation/fields/publishBlobLabelled');
    expect(arn).not.toMatch(/fields\/\*|types\/\*|\/\*"/);
  });

  it('the labelling function may put thumbnails under thumbnails/ only', () => {
    const puts = statementsOf(functionId('S3 ObjectCreated')).filter((st) => [st.Action as string | string[]].flat().includes('s3:PutObject'));
    expect(puts).toHaveLength(1);
    expect(puts[0].Action).toBe('s3:PutObject');
    expect(JSON.stringify(puts[0].Resource)).toMatch(/"\/thumbnails\/\*"\]/);
  });

  it('the labelling function may read uploads (and remove one for a deleted blob), write thumbnails, call the four Rekognition operations, read, write and delete table items, read the secret and consume the uploads queue: nothing more', () => {
    expect(ownActions(statementsOf(functionId('S3 ObjectCreated')))).toEqual(
      [
        'appsync:GraphQL',
        // The blob's search index items.
        'dynamodb:BatchWriteItem',
        // A storage upload's record: made by the labeller (no createBlob before it), gone with its object.
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'rekognition:DetectFaces',
        'rekognition:DetectLabels',
        'rekognition:DetectModerationLabels',
        'rekognition:DetectText',
        's3:DeleteObjectVersion',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        // Lambda's SQS event source polls the uploads queue with the function's role.
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ].sort(),
    );
  });

  it('the Rekognition actions are exactly the operations the labelling function sends, on Resource "*" (they have no resource-level permissions)', () => {
    const rekognition = statementsOf(functionId('S3 ObjectCreated')).filter((s) => actionsOf([s]).some((a) => a.startsWith('rekognition:')));
    expect(rekognition).toHaveLength(1);
    expect(rekognition[0].Resource).toBe('*');
    // CDK merges statements on Resource "*": X-Ray's two trace actions (no resource-level permissions either) share it.
    expect(actionsOf(rekognition).sort()).toEqual([...DETECTORS.map((d) => `rekognition:${d.operation}`), 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort());
  });

  it('the createBlob function may write items and presign puts: nothing more', () => {
    expect(ownActions(statementsOf(functionId('Validates createBlob')))).toEqual(['dynamodb:PutItem', 's3:PutObject']);
  });

  /** The resources of a function's statements that name S3 or DynamoDB, as template JSON. */
  const dataResourcesOf = (fnId: string) =>
    statementsOf(fnId)
      .filter((st) => [st.Action].flat().some((a: string) => a.startsWith('s3:') || a.startsWith('dynamodb:')))
      .flatMap((st) => [st.Resource].flat().map((r) => JSON.stringify(r)));

  it('the deleteBlob function may read and delete items, list and delete object versions of this bucket: nothing more', () => {
    const fnId = functionId('deleteBlob');
    expect(ownActions(statementsOf(fnId))).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions']);
    const [uploadsId] = resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    for (const resource of dataResourcesOf(fnId)) expect(resource.includes(uploadsId) || resource.includes(tableId)).toBe(true);
    expect(dataResourcesOf(fnId).some((r) => r.includes('/index/'))).toBe(false);
  });

  it('the blobImageUrl function may read object versions of this bucket (the presigned GET it signs): nothing more', () => {
    const fnId = functionId('Blob.imageUrl');
    expect(ownActions(statementsOf(fnId))).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    const [uploadsId] = resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;
    for (const resource of dataResourcesOf(fnId)) expect(resource).toContain(uploadsId);
  });

  it('deleteBlob and Blob.imageUrl resolve through their own Lambda data sources; myBlobs reads the table', () => {
    const dataSources = resourcesOf('AWS::AppSync::DataSource').map(([, d]) => d.Properties);
    // The field's own data source: the last step (a token-checked pipeline reads the table first).
    const sourceOf = (typeName: string, fieldName: string) => dataSources.find((d) => d.Name === stack.dataSourcesOf(typeName, fieldName).at(-1));
    expect(sourceOf('Mutation', 'deleteBlob')?.Type).toBe('AWS_LAMBDA');
    expect(sourceOf('Blob', 'imageUrl')?.Type).toBe('AWS_LAMBDA');
    expect(sourceOf('Query', 'myBlobs')?.Type).toBe('AMAZON_DYNAMODB');
  });

  it('every root field an access token may call reads the token item from the table first, except blob, whose own BatchGetItem does; ctx.env names the table', () => {
    for (const [typeName, fieldName] of [['Query', 'myBlobs'], ['Query', 'searchBlobs'], ['Query', 'myLabels'], ['Mutation', 'createBlob'], ['Mutation', 'deleteBlob'], ['Subscription', 'onBlobLabelled']]) {
      expect(stack.dataSourcesOf(typeName, fieldName)[0], `${typeName}.${fieldName}`).toBe('blobTable');
    }
    expect(stack.dataSourcesOf('Query', 'blob')).toEqual(['blobTable']);
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    expect(resourcesOf('AWS::AppSync::GraphQLApi')[0][1].Properties.EnvironmentVariables).toEqual({ BLOB_TABLE_NAME: { Ref: tableId } });
  });

  it('accepts exactly the auth modes api/auth-modes.ts declares (what amplify_outputs.json lists)', () => {
    const api = resourcesOf('AWS::AppSync::GraphQLApi')[0][1].Properties;
    expect(api.AuthenticationType).toBe(DEFAULT_AUTH_MODE);
    expect(api.AdditionalAuthenticationProviders.map((p: { AuthenticationType: string }) => p.AuthenticationType)).toEqual([...ADDITIONAL_AUTH_MODES]);
  });

  it('no statement of ours allows a wildcard action', () => {
    for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
      for (const action of actionsOf(policy.Properties.PolicyDocument.Statement)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });
});
