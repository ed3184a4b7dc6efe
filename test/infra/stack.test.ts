/**
 * The synthesized CloudFormation template: every resource the issue names, its key properties,
 * and cdk-nag's AwsSolutions pack with zero unacknowledged findings. Each function's grants:
 * least-privilege.test.ts; the user pool and the REST API: their own files.
 */
import { lambdaAuthorizer } from '../../api/access-tokens.js';
import { LEGACY_IMAGE_PREFIXES } from '../../api/object-keys.js';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wiring from '../../api/wiring.js';
import { buildApp, type BuiltApp } from '../../infra/build-app.js';
import { applyAwsSolutionsChecks } from '../../infra/nag.js';
import { settingsFromContext } from '../../infra/settings.js';
import { USER_PASSWORD_POLICY } from '../../infra/constructs/user-pool.js';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { amplifyOutputs } from '../../local/amplify-outputs.js';
import { amplifyOutputsFromStack } from '../../scripts/write-amplify-outputs.js';
import { describe, expect, it } from 'vitest';
import { actionsOf, useSynthesizedStack, type Resource } from './synthesized-stack.js';
import { deployedStackOutputs } from '../support/stack-outputs.js';

const stack = useSynthesizedStack({ bundle: true });
const { resourcesOf, functionId } = stack;

describe('AppSync API', () => {
  it('is built from schema.graphql with API key (default), IAM, user pools and the access-token Lambda authorizer, and logs field errors', () => {
    stack.template.resourceCountIs('AWS::AppSync::GraphQLApi', 1);
    stack.template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'API_KEY',
      AdditionalAuthenticationProviders: [
        { AuthenticationType: 'AWS_IAM' },
        Match.objectLike({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' }),
        {
          AuthenticationType: 'AWS_LAMBDA',
          // The values api/access-tokens.ts declares, which the local engine reads too.
          LambdaAuthorizerConfig: {
            AuthorizerUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthorizeAccessToken'), 'Arn'] },
            AuthorizerResultTtlInSeconds: lambdaAuthorizer.resultTtlSeconds,
            IdentityValidationExpression: lambdaAuthorizer.identityValidationExpression,
          },
        },
      ],
      LogConfig: Match.objectLike({ FieldLogLevel: 'ERROR' }),
    });
    // AppSync may invoke the authorizer: the function's resource policy names the service and this API.
    stack.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'appsync.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthorizeAccessToken'), 'Arn'] },
    });
    const schema = resourcesOf('AWS::AppSync::GraphQLSchema')[0][1];
    expect(schema.Properties.Definition).toContain('publishBlobLabelled(input: PublishBlobLabelledInput!): Blob');
    stack.template.resourceCountIs('AWS::AppSync::ApiKey', 1);
  });

  it('has one APPSYNC_JS resolver per wiring entry, with the same bundled code the local engine runs', () => {
    const deployed = resourcesOf('AWS::AppSync::Resolver').map(([, r]) => r.Properties);
    expect(deployed.map((r) => `${r.TypeName}.${r.FieldName}`).sort()).toEqual(wiring.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).sort());
    for (const resolver of wiring.resolvers) {
      const props = deployed.find((r) => r.TypeName === resolver.typeName && r.FieldName === resolver.fieldName)!;
      expect(props.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(props.Code).toBe(stack.built.resolverCode.get(resolver.code));
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
    stack.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    stack.template.hasResource('AWS::DynamoDB::Table', {
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
    stack.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    });
  });

  it('removal policy is configurable', async () => {
    // The template alone: no Lambda bundles (esbuild, and the labeller's npm install of sharp).
    const destroyed = await buildApp({ context: { removalPolicy: 'destroy', 'aws:cdk:bundling-stacks': [] }, nag: false });
    Template.fromStack(destroyed.stack).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  }, 120_000);
});

describe('S3 upload bucket', () => {
  const uploads = () => resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.CorsConfiguration)!;

  it('blocks public access, is encrypted, and CORS allows browsers from the configured origins only', () => {
    const [, bucket] = uploads();
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedMethods).toContain('PUT');
    expect(rule.AllowedOrigins).toEqual(['https://app.example.com']);
    expect(rule.AllowedHeaders).toEqual(['*']); // the presigned PUT's signed Content-Type, and Amplify's x-amz-* headers (bucket-cors.test.ts)
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
    // One marker rule per expiring prefix (uploads/anonymous/, thumbnails/anonymous/, the legacy
    // layout's sixteen, photos/' replaced versions), each beside a noncurrent-version expiration:
    // S3's CloudFormation handler may refuse a rule holding only the marker.
    const markerRules = bucket.Properties.LifecycleConfiguration.Rules.filter((r: Record<string, unknown>) => 'ExpiredObjectDeleteMarker' in r);
    expect(markerRules.map((r: { Prefix: string }) => r.Prefix)).toEqual(['uploads/anonymous/', 'thumbnails/anonymous/', ...LEGACY_IMAGE_PREFIXES, 'photos/']);
    expect(markerRules.every((r: Record<string, unknown>) => 'NoncurrentVersionExpiration' in r)).toBe(true);
  });

  it('denies any request not made over TLS', () => {
    const [uploadsId] = uploads();
    const policy = resourcesOf('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === uploadsId)![1];
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    );
  });

  it('sends ObjectCreated events under uploads/ and photos/ (and ObjectRemoved under photos/) only to the uploads queue the labelling function consumes (the thumbnails it writes do not label themselves; test/infra/labelling-pacing.test.ts)', () => {
    const [uploadsQueue] = resourcesOf('AWS::SQS::Queue').find(([, q]) => q.Properties.RedrivePolicy)!;
    const to = (events: string[], prefix: string) => ({ Events: events, Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } }, QueueArn: { 'Fn::GetAtt': [uploadsQueue, 'Arn'] } });
    stack.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: uploads()[0] },
      NotificationConfiguration: {
        QueueConfigurations: [to(['s3:ObjectCreated:*'], 'uploads/'), to(['s3:ObjectCreated:*'], 'photos/'), to(['s3:ObjectRemoved:*'], 'photos/')],
      },
    });
    stack.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: functionId('S3 ObjectCreated') }, EventSourceArn: { 'Fn::GetAtt': [uploadsQueue, 'Arn'] } });
  });
});

describe('Lambda functions', () => {
  it('run on arm64 and the newest Node.js runtime, with table, bucket and API URL in their environment', () => {
    for (const id of [functionId('Validates createBlob'), functionId('S3 ObjectCreated')]) {
      const props = (stack.template.toJSON().Resources[id] as Resource).Properties;
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Runtime).toBe('nodejs24.x');
      expect(Object.keys(props.Environment.Variables)).toEqual(expect.arrayContaining(['BLOB_TABLE_NAME', 'BLOB_BUCKET_NAME', 'POWERTOOLS_SERVICE_NAME']));
    }
    const labelEnv = (stack.template.toJSON().Resources[functionId('S3 ObjectCreated')] as Resource).Properties.Environment.Variables;
    expect(labelEnv.GRAPHQL_URL).toEqual({ 'Fn::GetAtt': [expect.any(String), 'GraphQLUrl'] });
  });

  it('never carry the webhook secret in plain environment text: only its Secrets Manager ARN', () => {
    // The webhook's, and the key searchBlobs seals nextTokens with (test/infra/search-index.test.ts).
    stack.template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    const [secretId] = resourcesOf('AWS::SecretsManager::Secret').find(([, s]) => String(s.Properties.Description).startsWith('Standard Webhooks'))!;
    for (const [, fn] of resourcesOf('AWS::Lambda::Function')) {
      const env = fn.Properties.Environment?.Variables ?? {};
      expect(env).not.toHaveProperty('WEBHOOK_SECRET');
    }
    const labelEnv = (stack.template.toJSON().Resources[functionId('S3 ObjectCreated')] as Resource).Properties.Environment.Variables;
    expect(labelEnv.WEBHOOK_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it('labelling: S3 notifies an SQS queue with a dead-letter queue, the function consumes it (paced), and alarms watch the dead-letter queue and each function’s errors', () => {
    const labelBlob = functionId('S3 ObjectCreated');
    stack.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    stack.template.resourceCountIs('AWS::SQS::Queue', 2);
    stack.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: labelBlob }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda')).toHaveLength(Object.keys(wiring.lambdaFunctions).length);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
  });
});

describe('outputs and settings', () => {
  it('exports the GraphQL URL, region, API key and bucket', () => {
    const outputs = Object.keys(stack.template.toJSON().Outputs);
    expect(outputs).toEqual(expect.arrayContaining(['GraphQLUrl', 'Region', 'ApiKey', 'BucketName']));
  });

  it('refuses a bad setting with a message naming it', () => {
    expect(() => settingsFromContext((k) => ({ retentionDays: '0' })[k])).toThrow('Context "retentionDays" must be a whole number from 1 to 3650; got "0"');
    expect(() => settingsFromContext((k) => ({ corsOrigins: 'example.com' })[k])).toThrow('"example.com" is not an origin');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('the stack synthesized above with the pack registered and no unacknowledged finding', () => {
    expect(stack.built.app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
    // Reaching here means synth did not throw; the next test proves the pack does throw on a finding.
    expect(stack.template.toJSON().Resources).toBeDefined();
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
    const outputs = deployedStackOutputs();
    const written = amplifyOutputsFromStack(outputs, 'BlobsStack');
    expect(written).toEqual(
      amplifyOutputs({
        graphqlUrl: outputs[0].OutputValue,
        region: 'eu-west-1',
        apiKey: 'da2-secret',
        restApiUrl: 'https://rest.execute-api.eu-west-1.amazonaws.com/v1',
        userPool: { userPoolId: 'eu-west-1_AbCdEfGhI', clientId: 'client123', region: 'eu-west-1', passwordPolicy: USER_PASSWORD_POLICY },
        identityPool: { identityPoolId: 'eu-west-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e', allowGuests: false },
        storage: { bucketName: 'uploads', region: 'eu-west-1' },
      }),
    );
    expect(written.auth).toMatchObject({ identity_pool_id: 'eu-west-1:0b6c7e4e-1f0a-4c55-9a6e-7d1f2b3c4d5e', unauthenticated_identities_enabled: false });
    expect(written.auth).toMatchObject({ aws_region: 'eu-west-1', user_pool_id: 'eu-west-1_AbCdEfGhI', user_pool_client_id: 'client123', username_attributes: ['email'], password_policy: USER_PASSWORD_POLICY });
    expect(written.data.authorization_types).toEqual(['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'AWS_LAMBDA']);
    // Amplify finds the AWS pool by its id; only the local pool needs an endpoint of its own.
    expect(written).not.toHaveProperty('custom.user_pool_endpoint');
    expect(written).not.toHaveProperty('custom.identity_pool_endpoint');
    expect(written.custom?.rest_api_url).toBe('https://rest.execute-api.eu-west-1.amazonaws.com/v1');
    expect(() => amplifyOutputsFromStack(outputs.slice(1), 'Other')).toThrow('Stack Other has no "GraphQLUrl" output');
  });

  it('reads output names the stack really declares', () => {
    expect(Object.keys(stack.template.toJSON().Outputs)).toEqual(expect.arrayContaining(Object.values(OUTPUT_NAMES)));
  });
});
