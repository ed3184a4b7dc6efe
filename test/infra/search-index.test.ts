/**
 * The search index in the synthesized template (the one the local runtime also runs under): the
 * byLabel and labelsByOwner indexes as api/blob-table.ts declares them, the searchBlobs function
 * and its least-privilege grants, the secret its nextTokens are sealed with, and the resolvers.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABEL_INDEX, LABEL_OWNER_INDEX } from '../../api/blob-table.js';
import { loadTemplate } from '../../local/template/cache.js';
import { repoRoot } from '../support/paths.js';

type Resource = { Type: string; Properties: Record<string, any> };
let json: { Resources: Record<string, Resource> };
let template: Template;

beforeAll(async () => {
  json = (await loadTemplate({ rootDir: repoRoot })).template as never;
  template = Template.fromJSON(json);
}, 400_000);

const resourcesOf = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
const functionNamed = (service: string) => resourcesOf('AWS::Lambda::Function').find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!;
function statementsOf(fnId: string): Array<Record<string, any>> {
  const roleId = json.Resources[fnId].Properties.Role['Fn::GetAtt'][0];
  return resourcesOf('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

describe('the blobs table', () => {
  it('has the byLabel and labelsByOwner indexes, projecting only what the search reads', () => {
    for (const index of [LABEL_INDEX, LABEL_OWNER_INDEX]) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projected] },
          },
        ]),
        AttributeDefinitions: Match.arrayWith([{ AttributeName: index.partitionKey, AttributeType: 'S' }]),
      });
    }
  });
});

describe('the searchBlobs function', () => {
  it('may Query the two label indexes, BatchGetItem the table and read its token secret: nothing more', () => {
    const [fnId, fn] = functionNamed('searchBlobs');
    const ours = statementsOf(fnId).filter((s) => ![s.Action].flat().every((a: string) => a.startsWith('logs:') || a.startsWith('xray:')));
    const actions = ours.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query', 'secretsmanager:GetSecretValue']);
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    const query = ours.find((s) => s.Action === 'dynamodb:Query')!;
    const indexes = [query.Resource].flat().map((r) => JSON.stringify(r));
    expect(indexes).toHaveLength(2);
    for (const name of [LABEL_INDEX.name, LABEL_OWNER_INDEX.name]) expect(indexes.some((r) => r.includes(tableId) && r.includes(`/index/${name}`))).toBe(true);
    expect(JSON.stringify(ours.find((s) => s.Action === 'dynamodb:BatchGetItem')!.Resource)).toEqual(JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }));
    const secretRef = fn.Properties.Environment.Variables.SEARCH_TOKEN_SECRET_ARN;
    expect(secretRef).toEqual({ Ref: expect.any(String) });
    expect(json.Resources[secretRef.Ref].Type).toBe('AWS::SecretsManager::Secret');
    expect(ours.find((s) => s.Action === 'secretsmanager:GetSecretValue')!.Resource).toEqual(secretRef);
  });

  it('answers searchBlobs and myLabels through its own Lambda data source', () => {
    const [fnId] = functionNamed('searchBlobs');
    const source = resourcesOf('AWS::AppSync::DataSource').find(([, d]) => d.Properties.Name === 'searchBlobsFunction')!;
    expect(source[1].Properties).toMatchObject({ Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] } } });
    // A token-checked field is a pipeline: its data sources are its functions'.
    const steps = (r: Resource) => (r.Properties.Kind === 'PIPELINE' ? r.Properties.PipelineConfig.Functions.map((f: { 'Fn::GetAtt': [string] }) => json.Resources[f['Fn::GetAtt'][0]]) : [r]);
    const fields = resourcesOf('AWS::AppSync::Resolver').filter(([, r]) => steps(r).some((step: Resource) => step.Properties.DataSourceName === 'searchBlobsFunction' || JSON.stringify(step.Properties.DataSourceName).includes(source[0])));
    expect(fields.map(([, r]) => `${r.Properties.TypeName}.${r.Properties.FieldName}`).sort()).toEqual(['Query.myLabels', 'Query.searchBlobs']);
  });

  it('the labelling and deleteBlob functions write index items with BatchWriteItem on the table only', () => {
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    for (const service of ['labelBlob', 'deleteBlob']) {
      const batch = statementsOf(functionNamed(service)[0]).filter((s) => [s.Action].flat().includes('dynamodb:BatchWriteItem'));
      expect(batch).toHaveLength(1);
      expect(JSON.stringify(batch[0].Resource)).toEqual(JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }));
    }
  });
});
