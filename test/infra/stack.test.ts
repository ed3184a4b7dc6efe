/**
 * The synthesized CloudFormation template: every resource the issue names, its key properties,
 * IAM scoping, and cdk-nag's AwsSolutions pack with zero unacknowledged findings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restApi } from '../../api/rest-api.js';
import * as wiring from '../../api/wiring.js';
import { DETECTORS } from '../../functions/lib/detectors/analyse.js';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
import { REST_STAGE_NAME, REST_USAGE_LIMITS } from '../../infra/constructs/rest-api.js';
import { applyAwsSolutionsChecks } from '../../infra/nag.js';
import { settingsFromContext } from '../../infra/settings.js';
import { USER_PASSWORD_POLICY } from '../../infra/constructs/user-pool.js';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { amplifyOutputs } from '../../local/amplify-outputs.js';
import { amplifyOutputsFromStack } from '../../scripts/write-amplify-outputs.js';

let built: BuiltApp;
let template: Template;
let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'blobs-cdk-'));
  built = await buildApp({ outdir, context: { corsOrigins: 'https://app.example.com' } });
  // synth runs the cdk-nag validation plugin; an unacknowledged finding makes it throw.
  built.app.synth();
  template = Template.fromStack(built.stack);
  // Synth bundles every function with esbuild: minutes on a busy machine.
}, 400_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (type: string): Array<[string, Resource]> => Object.entries(template.findResources(type)) as Array<[string, Resource]>;

/** The logical id of the function whose Description starts with `prefix`. */
function functionId(prefix: string): string {
  const found = resourcesOf('AWS::Lambda::Function').find(([, r]) => String(r.Properties.Description ?? '').startsWith(prefix));
  if (!found) throw new Error(`no function described as ${prefix}`);
  return found[0];
}

/** All statements of the policies attached to the role of function `fnId`. */
function statementsOf(fnId: string): Array<Record<string, any>> {
  const roleRef = (template.toJSON().Resources[fnId] as Resource).Properties.Role['Fn::GetAtt'][0];
  return resourcesOf('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleRef))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
}

const actionsOf = (statements: Array<Record<string, any>>) => statements.flatMap((s) => [s.Action].flat()).sort();

describe('AppSync API', () => {
  it('is built from schema.graphql with API key (default), IAM and user pools, and logs field errors', () => {
    template.resourceCountIs('AWS::AppSync::GraphQLApi', 1);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'API_KEY',
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }, Match.objectLike({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' })],
      LogConfig: Match.objectLike({ FieldLogLevel: 'ERROR' }),
    });
    const schema = resourcesOf('AWS::AppSync::GraphQLSchema')[0][1];
    expect(schema.Properties.Definition).toContain('publishBlobLabelled(input: PublishBlobLabelledInput!): Blob');
    template.resourceCountIs('AWS::AppSync::ApiKey', 1);
  });

  it('has one APPSYNC_JS resolver per wiring entry, with the same bundled code the local engine runs', () => {
    const deployed = resourcesOf('AWS::AppSync::Resolver').map(([, r]) => r.Properties);
    expect(deployed.map((r) => `${r.TypeName}.${r.FieldName}`).sort()).toEqual(wiring.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).sort());
    for (const resolver of wiring.resolvers) {
      const props = deployed.find((r) => r.TypeName === resolver.typeName && r.FieldName === resolver.fieldName)!;
      expect(props.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(props.Code).toBe(built.resolverCode.get(resolver.code));
    }
  });

  it('has a data source per wiring entry; the DynamoDB one may only read', () => {
    const types = resourcesOf('AWS::AppSync::DataSource').map(([, d]) => d.Properties.Type).sort();
    expect(types).toEqual(Object.values(wiring.dataSources).map((d) => d.type).sort());
    const dynamoRole = resourcesOf('AWS::AppSync::DataSource').find(([, d]) => d.Properties.Type === 'AMAZON_DYNAMODB')![1].Properties.ServiceRoleArn['Fn::GetAtt'][0];
    const actions = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === dynamoRole))
      .flatMap(([, p]) => actionsOf(p.Properties.PolicyDocument.Statement));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});

describe('DynamoDB table', () => {
  it('is on-demand, point-in-time recoverable, encrypted, expires records by TTL, and is retained by default', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('has the byOwner index (owner, createdAt) that myBlobs queries, projecting every attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    });
  });

  it('removal policy is configurable', async () => {
    const destroyed = await buildApp({ context: { removalPolicy: 'destroy' }, nag: false });
    Template.fromStack(destroyed.stack).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  }, 120_000);
});

describe('S3 upload bucket', () => {
  const uploads = () => resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;

  it('blocks public access, is encrypted, and CORS allows browser PUT from the configured origins only', () => {
    const [, bucket] = uploads();
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedMethods).toContain('PUT');
    expect(rule.AllowedOrigins).toEqual(['https://app.example.com']);
    expect(rule.AllowedHeaders).toEqual(['content-type']);
  });

  it('aborts incomplete uploads and expires images after the retention period', () => {
    const rules = uploads()[1].Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' }),
      ]),
    );
  });

  it('keeps every upload as a version (labels pin one), replaced versions as long as images, and clears expired delete markers', () => {
    const bucket = uploads()[1];
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        // One rule: S3's CloudFormation handler may refuse a rule holding only the marker.
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
      ]),
    );
    expect(bucket.Properties.LifecycleConfiguration.Rules.filter((r: Record<string, unknown>) => 'ExpiredObjectDeleteMarker' in r)).toHaveLength(1);
  });

  it('denies any request not made over TLS', () => {
    const [uploadsId] = uploads();
    const policy = resourcesOf('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === uploadsId)![1];
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    );
  });

  it('sends ObjectCreated events to the uploads queue the labelling function consumes (test/infra/labelling-pacing.test.ts)', () => {
    const [uploadsQueue] = resourcesOf('AWS::SQS::Queue').find(([, q]) => q.Properties.RedrivePolicy)!;
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: uploads()[0] },
      NotificationConfiguration: {
        QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [uploadsQueue, 'Arn'] } }],
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: functionId('S3 ObjectCreated') }, EventSourceArn: { 'Fn::GetAtt': [uploadsQueue, 'Arn'] } });
  });
});

describe('Lambda functions', () => {
  it('run on arm64 and the newest Node.js runtime, with table, bucket and API URL in their environment', () => {
    for (const id of [functionId('Validates createBlob'), functionId('S3 ObjectCreated')]) {
      const props = (template.toJSON().Resources[id] as Resource).Properties;
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Runtime).toBe('nodejs24.x');
      expect(Object.keys(props.Environment.Variables)).toEqual(expect.arrayContaining(['BLOB_TABLE_NAME', 'BLOB_BUCKET_NAME', 'POWERTOOLS_SERVICE_NAME']));
    }
    const labelEnv = (template.toJSON().Resources[functionId('S3 ObjectCreated')] as Resource).Properties.Environment.Variables;
    expect(labelEnv.GRAPHQL_URL).toEqual({ 'Fn::GetAtt': [expect.any(String), 'GraphQLUrl'] });
  });

  it('never carry the webhook secret in plain environment text: only its Secrets Manager ARN', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const [secretId] = resourcesOf('AWS::SecretsManager::Secret')[0];
    for (const [, fn] of resourcesOf('AWS::Lambda::Function')) {
      const env = fn.Properties.Environment?.Variables ?? {};
      expect(env).not.toHaveProperty('WEBHOOK_SECRET');
    }
    const labelEnv = (template.toJSON().Resources[functionId('S3 ObjectCreated')] as Resource).Properties.Environment.Variables;
    expect(labelEnv.WEBHOOK_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it('labelling: S3 notifies an SQS queue with a dead-letter queue, the function consumes it (paced), and alarms watch the dead-letter queue and each function’s errors', () => {
    const labelBlob = functionId('S3 ObjectCreated');
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: labelBlob }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda')).toHaveLength(Object.keys(wiring.lambdaFunctions).length);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
  });
});

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

  it('the labelling function may read uploads (and remove one for a deleted blob), call the four Rekognition operations, read/update the table, read the secret and consume the uploads queue: nothing more', () => {
    expect(actionsOf(statementsOf(functionId('S3 ObjectCreated'))).filter((a) => !a.startsWith('logs:'))).toEqual(
      [
        'appsync:GraphQL',
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'rekognition:DetectFaces',
        'rekognition:DetectLabels',
        'rekognition:DetectModerationLabels',
        'rekognition:DetectText',
        's3:DeleteObjectVersion',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListBucket',
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
    expect(actionsOf(rekognition).sort()).toEqual(DETECTORS.map((d) => `rekognition:${d.operation}`).sort());
  });

  it('the createBlob function may write items and presign puts: nothing more', () => {
    expect(actionsOf(statementsOf(functionId('Validates createBlob'))).filter((a) => !a.startsWith('logs:'))).toEqual(['dynamodb:PutItem', 's3:PutObject']);
  });

  /** The resources of a function's statements that name S3 or DynamoDB, as template JSON. */
  const dataResourcesOf = (fnId: string) =>
    statementsOf(fnId)
      .filter((st) => [st.Action].flat().some((a: string) => a.startsWith('s3:') || a.startsWith('dynamodb:')))
      .flatMap((st) => [st.Resource].flat().map((r) => JSON.stringify(r)));

  it('the deleteBlob function may read and delete items, list and delete object versions of this bucket: nothing more', () => {
    const fnId = functionId('deleteBlob');
    expect(actionsOf(statementsOf(fnId)).filter((a) => !a.startsWith('logs:'))).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions']);
    const [uploadsId] = resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;
    const [tableId] = resourcesOf('AWS::DynamoDB::Table')[0];
    for (const resource of dataResourcesOf(fnId)) expect(resource.includes(uploadsId) || resource.includes(tableId)).toBe(true);
    expect(dataResourcesOf(fnId).some((r) => r.includes('/index/'))).toBe(false);
  });

  it('the blobImageUrl function may read object versions of this bucket (the presigned GET it signs): nothing more', () => {
    const fnId = functionId('Blob.imageUrl');
    expect(actionsOf(statementsOf(fnId)).filter((a) => !a.startsWith('logs:'))).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    const [uploadsId] = resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;
    for (const resource of dataResourcesOf(fnId)) expect(resource).toContain(uploadsId);
  });

  it('deleteBlob and Blob.imageUrl resolve through their own Lambda data sources; myBlobs reads the table', () => {
    const resolvers = resourcesOf('AWS::AppSync::Resolver').map(([, r]) => r.Properties);
    const dataSources = resourcesOf('AWS::AppSync::DataSource').map(([, d]) => d.Properties);
    const sourceOf = (typeName: string, fieldName: string) => {
      const resolver = resolvers.find((r) => r.TypeName === typeName && r.FieldName === fieldName);
      return dataSources.find((d) => d.Name === resolver?.DataSourceName);
    };
    expect(sourceOf('Mutation', 'deleteBlob')?.Type).toBe('AWS_LAMBDA');
    expect(sourceOf('Blob', 'imageUrl')?.Type).toBe('AWS_LAMBDA');
    expect(sourceOf('Query', 'myBlobs')?.Type).toBe('AMAZON_DYNAMODB');
  });

  it('no statement of ours allows a wildcard action', () => {
    for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
      for (const action of actionsOf(policy.Properties.PolicyDocument.Statement)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });
});

describe('Cognito user pool', () => {
  const poolId = () => resourcesOf('AWS::Cognito::UserPool')[0][0];

  it('signs in by e-mail, with self sign-up, e-mail verification, e-mail recovery and a strong password policy', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Schema: [Match.objectLike({ Name: 'email', Required: true })],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
      DeletionProtection: 'ACTIVE',
    });
    const [, pool] = resourcesOf('AWS::Cognito::UserPool')[0];
    expect((template.toJSON().Resources[poolId()] as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(pool.Properties.MfaConfiguration).toBe('OFF');
  });

  it('advertises the same password policy amplify_outputs.json gives clients', () => {
    const policy = resourcesOf('AWS::Cognito::UserPool')[0][1].Properties.Policies.PasswordPolicy;
    expect({ min_length: policy.MinimumLength, require_lowercase: policy.RequireLowercase, require_uppercase: policy.RequireUppercase, require_numbers: policy.RequireNumbers, require_symbols: policy.RequireSymbols }).toEqual(USER_PASSWORD_POLICY);
    // The local pool reads this policy from the template (test/cognito/template-password-policy.test.ts).
  });

  it('has one public client: no secret, SRP and refresh only, user existence hidden, revocable short-lived tokens, no OAuth', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [, client] = resourcesOf('AWS::Cognito::UserPoolClient')[0];
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: poolId() },
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      AllowedOAuthFlowsUserPoolClient: false,
    });
    expect([...client.Properties.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
  });

  it('is an AppSync auth provider for that pool, accepting that client only', () => {
    const [, api] = resourcesOf('AWS::AppSync::GraphQLApi')[0];
    const provider = api.Properties.AdditionalAuthenticationProviders.find((p: { AuthenticationType: string }) => p.AuthenticationType === 'AMAZON_COGNITO_USER_POOLS');
    const clientId = resourcesOf('AWS::Cognito::UserPoolClient')[0][0];
    expect(provider.UserPoolConfig).toEqual({ UserPoolId: { Ref: poolId() }, AwsRegion: { Ref: 'AWS::Region' }, AppIdClientRegex: { Ref: clientId } });
  });

  it('exports the pool and client ids', () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs[OUTPUT_NAMES.userPoolId].Value).toEqual({ Ref: poolId() });
    expect(outputs[OUTPUT_NAMES.userPoolClientId].Value).toEqual({ Ref: resourcesOf('AWS::Cognito::UserPoolClient')[0][0] });
  });

  it('acknowledges cdk-nag’s MFA and Plus-plan findings with reasons, next to the pool', () => {
    const acknowledged = built.stack.users.pool.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.map(([id]) => id.replace(/^.*::/, '')).sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(80);
  });
});

describe('outputs and settings', () => {
  it('exports the GraphQL URL, region, API key and bucket', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(expect.arrayContaining(['GraphQLUrl', 'Region', 'ApiKey', 'BucketName']));
  });

  it('refuses a bad setting with a message naming it', () => {
    expect(() => settingsFromContext((k) => ({ retentionDays: '0' })[k])).toThrow('Context "retentionDays" must be a whole number from 1 to 3650; got "0"');
    expect(() => settingsFromContext((k) => ({ corsOrigins: 'example.com' })[k])).toThrow('"example.com" is not an origin');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('the stack synthesized above with the pack registered and no unacknowledged finding', () => {
    expect(built.app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
    // Reaching here means synth did not throw; the next test proves the pack does throw on a finding.
    expect(template.toJSON().Resources).toBeDefined();
  });

  it('does fail synth on an unacknowledged finding (so the check above is real)', () => {
    const app = new App();
    const stack = new Stack(app, 'Careless');
    new s3.Bucket(stack, 'Leaky');
    applyAwsSolutionsChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S(1|10)/);
  });
});

describe('npm run outputs', () => {
  it('maps the stack outputs to amplify_outputs.json in the same shape npm start writes', () => {
    const outputs = [
      { OutputKey: 'GraphQLUrl', OutputValue: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql' },
      { OutputKey: 'Region', OutputValue: 'eu-west-1' },
      { OutputKey: 'ApiKey', OutputValue: 'da2-secret' },
      { OutputKey: 'BucketName', OutputValue: 'uploads' },
      { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_AbCdEfGhI' },
      { OutputKey: 'UserPoolClientId', OutputValue: 'client123' },
      { OutputKey: 'RestApiUrl', OutputValue: 'https://rest.execute-api.eu-west-1.amazonaws.com/v1' },
    ];
    const written = amplifyOutputsFromStack(outputs, 'BlobsStack');
    expect(written).toEqual(
      amplifyOutputs({
        graphqlUrl: outputs[0].OutputValue,
        region: 'eu-west-1',
        apiKey: 'da2-secret',
        restApiUrl: 'https://rest.execute-api.eu-west-1.amazonaws.com/v1',
        userPool: { userPoolId: 'eu-west-1_AbCdEfGhI', clientId: 'client123', region: 'eu-west-1', passwordPolicy: USER_PASSWORD_POLICY },
      }),
    );
    expect(written.auth).toMatchObject({ aws_region: 'eu-west-1', user_pool_id: 'eu-west-1_AbCdEfGhI', user_pool_client_id: 'client123', username_attributes: ['email'], password_policy: USER_PASSWORD_POLICY });
    expect(written.data.authorization_types).toEqual(['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS']);
    // Amplify finds the AWS pool by its id; only the local pool needs an endpoint of its own.
    expect(written).not.toHaveProperty('custom.user_pool_endpoint');
    expect(written.custom?.rest_api_url).toBe('https://rest.execute-api.eu-west-1.amazonaws.com/v1');
    expect(() => amplifyOutputsFromStack(outputs.slice(1), 'Other')).toThrow('Stack Other has no "GraphQLUrl" output');
  });

  it('reads output names the stack really declares', () => {
    expect(Object.keys(template.toJSON().Outputs)).toEqual(expect.arrayContaining(Object.values(OUTPUT_NAMES)));
  });
});

describe("The seed's REST API (API Gateway)", () => {
  const restApiId = () => resourcesOf('AWS::ApiGateway::RestApi')[0][0];
  const pathOf = (resourceId: string): string => {
    const resource = template.toJSON().Resources[resourceId] as Resource;
    const parent = resource.Properties.ParentId;
    const prefix = parent['Fn::GetAtt'] ? '' : pathOf(parent.Ref);
    return `${prefix}/${resource.Properties.PathPart}`;
  };
  const methods = () =>
    resourcesOf('AWS::ApiGateway::Method').map(([, m]): Record<string, any> => ({ ...m.Properties, path: m.Properties.ResourceId.Ref ? pathOf(m.Properties.ResourceId.Ref) : '/' }));

  it('is one REST API whose every resource of api/rest-api.ts, and a catch-all, proxies any method to the REST handler with the API key required', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    const handler = functionId("The seed's REST API");
    const proxied = methods().filter((m) => m.HttpMethod !== 'OPTIONS');
    expect(proxied.map((m) => m.path).sort()).toEqual([...Object.keys(restApi.resources), restApi.catchAll].sort());
    for (const method of proxied) {
      expect(method, method.path).toMatchObject({ HttpMethod: 'ANY', ApiKeyRequired: true, Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' } });
      expect(JSON.stringify(method.Integration.Uri)).toContain(handler);
    }
  });

  it('answers the CORS preflight itself (mock OPTIONS, no key: browsers send none)', () => {
    const preflight = methods().filter((m) => m.HttpMethod === 'OPTIONS');
    expect(preflight.length).toBeGreaterThanOrEqual(Object.keys(restApi.resources).length);
    for (const method of preflight) expect(method, method.path).toMatchObject({ Integration: { Type: 'MOCK' } });
    expect(preflight.every((m) => !m.ApiKeyRequired)).toBe(true);
  });

  it('has a usage plan with a throttle and a daily quota, bound to the stage and to an API key holding the AppSync key', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: REST_USAGE_LIMITS.rateLimit, BurstLimit: REST_USAGE_LIMITS.burstLimit },
      Quota: { Limit: REST_USAGE_LIMITS.quotaPerDay, Period: 'DAY' },
      ApiStages: [Match.objectLike({ ApiId: { Ref: restApiId() }, Stage: Match.anyValue() })],
    });
    const appsyncKey = resourcesOf('AWS::AppSync::ApiKey')[0][0];
    template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Enabled: true, Value: { 'Fn::GetAtt': [appsyncKey, 'ApiKey'] } });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('writes access logs (and error logs, X-Ray) from its stage', () => {
    const [, stage] = resourcesOf('AWS::ApiGateway::Stage')[0];
    expect(stage.Properties).toMatchObject({ StageName: REST_STAGE_NAME, TracingEnabled: true, AccessLogSetting: { Format: expect.stringContaining('$context.requestId') } });
    expect(stage.Properties.MethodSettings[0]).toMatchObject({ LoggingLevel: 'ERROR' });
    const [accessLogs] = resourcesOf('AWS::Logs::LogGroup').find(([id]) => id.startsWith('SeedRestApiAccessLogs'))!;
    expect(JSON.stringify(stage.Properties.AccessLogSetting.DestinationArn)).toContain(`"Ref":"${accessLogs}"`);
  });

  it('lets its handler do what createBlob does plus one GetItem, nothing more', () => {
    const statements = statementsOf(functionId("The seed's REST API"));
    expect(actionsOf(statements).filter((a) => !a.startsWith('logs:'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 's3:PutObject']);
  });

  it('is in the stack outputs as RestApiUrl: the stage URL, without a trailing slash', () => {
    const output = template.toJSON().Outputs[OUTPUT_NAMES.restApiUrl];
    expect(JSON.stringify(output.Value)).toContain(`"/${REST_STAGE_NAME}"`);
    expect(JSON.stringify(output.Value)).toContain(restApiId());
  });
});
