/**
 * The AppSync API, generated from the same declarations the local engine reads: the schema
 * file, `api/wiring.ts` (data sources, unit and pipeline resolvers, pipeline functions) and
 * the resolver code as `api/bundle-resolver.ts` bundles it. Nothing here names a field.
 */
import { join } from 'node:path';
import { ArnFormat, type CfnElement, Duration, Expiration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaAuthorizer } from '../../api/access-tokens.js';
import { API_TABLE_ENV } from '../../api/blob-table.js';
import { requestLimits } from '../../api/request-limits.js';
import * as wiring from '../../api/wiring.js';
import type { DataSourceSpec, ResolverSpec } from '../../api/wiring.js';
import { acknowledge } from '../nag.js';
import { codeFor, type ResolverCode } from '../resolver-code.js';
import type { FunctionName } from './functions.js';

export interface ApiWiring {
  readonly dataSources: Readonly<Record<string, DataSourceSpec>>;
  readonly resolvers: readonly ResolverSpec[];
}

export interface BlobApiProps {
  readonly rootDir: string;
  /** Bundled APPSYNC_JS code for every code path in `wiring` (see `bundleResolverCode`). */
  readonly resolverCode: ResolverCode;
  readonly table: ITable;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly apiKeyExpiryDays: number;
  readonly logRetention: logs.RetentionDays;
  /** Signed-in users: tokens of this pool, issued to this app client, are AMAZON_COGNITO_USER_POOLS callers. */
  readonly userPool: { readonly pool: cognito.IUserPool; readonly client: cognito.IUserPoolClient };
  /** Defaults to `api/wiring.ts`; tests pass other wirings (e.g. a pipeline resolver). */
  readonly wiring?: ApiWiring;
}

const RUNTIME = appsync.FunctionRuntime.JS_1_0_0;

export class BlobApi extends Construct {
  readonly api: appsync.GraphqlApi;
  readonly dataSources: ReadonlyMap<string, appsync.BaseDataSource>;

  constructor(scope: Construct, id: string, props: BlobApiProps) {
    super(scope, id);
    const spec = props.wiring ?? { dataSources: wiring.dataSources, resolvers: wiring.resolvers };

    // AppSync writes its logs through a role we give it. The default role would carry the
    // AWSAppSyncPushToCloudWatchLogs managed policy (every log group in the account); this one
    // may write to this API's log group only (policy added below, once the API id exists).
    const logsRole = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
      description: 'Lets AppSync write the API log group',
    });

    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: `${Stack.of(this).stackName}-api`,
      definition: appsync.Definition.fromFile(join(props.rootDir, 'schema.graphql')),
      // ctx.env: resolvers whose BatchGetItem names its table (blob's read of the blob and the
      // caller's access token, searchBlobs' record check) read the table's name here.
      environmentVariables: { [API_TABLE_ENV]: props.table.tableName },
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.API_KEY,
          // The days are 2-364 (settings.ts): the date is fixed at synth by this clock, AppSync
          // checks 1-365 by its own when the change set runs.
          apiKeyConfig: { description: 'Public clients (web page, CLI)', expires: Expiration.after(Duration.days(props.apiKeyExpiryDays)) },
        },
        // publishBlobLabelled is @aws_iam only: the labelling function signs it with its role.
        // User-pool tokens are accepted from the public app client only (a whole-string match).
        additionalAuthorizationModes: [
          { authorizationType: appsync.AuthorizationType.IAM },
          { authorizationType: appsync.AuthorizationType.USER_POOL, userPoolConfig: { userPool: props.userPool.pool, appIdClientRegex: props.userPool.client.userPoolClientId } },
          // Personal access tokens (api/access-tokens.ts): CDK also lets appsync.amazonaws.com invoke the function.
          {
            authorizationType: appsync.AuthorizationType.LAMBDA,
            lambdaAuthorizerConfig: {
              handler: props.functions[lambdaAuthorizer.function],
              resultsCacheTtl: Duration.seconds(lambdaAuthorizer.resultTtlSeconds),
              validationRegex: lambdaAuthorizer.identityValidationExpression,
            },
          },
        ],
      },
      // ERROR: resolver errors are logged with their request (cdk-nag ASC3 wants verbose content).
      // CDK creates the log group (/aws/appsync/apis/<id>) with this retention.
      logConfig: { fieldLogLevel: appsync.FieldLogLevel.ERROR, role: logsRole, retention: props.logRetention },
      xrayEnabled: true,
      // The same values the local engine refuses requests by (api/request-limits.ts).
      queryDepthLimit: requestLimits.queryDepthLimit,
      resolverCountLimit: requestLimits.resolverCountLimit,
    });

    const stack = Stack.of(this);
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/appsync/apis/${this.api.apiId}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    logsRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroupArn}:log-stream:*`] }));
    const apiLogicalId = stack.getLogicalId(this.api.node.defaultChild as CfnElement);
    acknowledge(
      logsRole,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/appsync/apis/<${apiLogicalId}.ApiId>:log-stream:*]`,
      'Log streams are created by AppSync with names it chooses; the grant covers the streams of this API\'s log group only.',
    );

    this.dataSources = new Map(Object.entries(spec.dataSources).map(([name, ds]) => [name, this.createDataSource(name, ds, props)]));

    const pipelineFunctions = new Map<string, appsync.AppsyncFunction>();
    for (const resolver of spec.resolvers) {
      const code = appsync.Code.fromInline(codeFor(props.resolverCode, resolver.code));
      const id = `${resolver.typeName}${resolver.fieldName.charAt(0).toUpperCase()}${resolver.fieldName.slice(1)}Resolver`;
      if (resolver.kind === 'UNIT') {
        this.api.createResolver(id, { typeName: resolver.typeName, fieldName: resolver.fieldName, dataSource: this.dataSource(resolver.dataSource), runtime: RUNTIME, code });
      } else {
        const pipelineConfig = resolver.functions.map((fn) => {
          let created = pipelineFunctions.get(fn.name);
          if (!created) {
            created = new appsync.AppsyncFunction(this, `${fn.name}Function`, {
              api: this.api,
              name: fn.name,
              dataSource: this.dataSource(fn.dataSource),
              runtime: RUNTIME,
              code: appsync.Code.fromInline(codeFor(props.resolverCode, fn.code)),
            });
            pipelineFunctions.set(fn.name, created);
          }
          return created;
        });
        this.api.createResolver(id, { typeName: resolver.typeName, fieldName: resolver.fieldName, pipelineConfig, runtime: RUNTIME, code });
      }
    }
  }

  private dataSource(name: string): appsync.BaseDataSource {
    const ds = this.dataSources.get(name);
    if (!ds) throw new Error(`The wiring names data source "${name}", which it does not declare`);
    return ds;
  }

  private createDataSource(name: string, spec: DataSourceSpec, props: BlobApiProps): appsync.BaseDataSource {
    switch (spec.type) {
      case 'AMAZON_DYNAMODB': {
        // Read-only: the functions do the writing. A data source that `puts` may also PutItem
        // (PutItem only: no update or delete); its resolvers build every key under `puts`. No
        // dynamodb:LeadingKeys condition: the local evaluator has no set operators (ForAllValues).
        const ds = new appsync.DynamoDbDataSource(this.api, name, { api: this.api, name, table: props.table, readOnlyAccess: true });
        if (spec.puts) ds.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [props.table.tableArn] }));
        acknowledge(
          ds,
          `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.table.node.defaultChild as CfnElement)}.Arn>/index/*]`,
          'myBlobs queries the byOwner index; CDK grants read on this table\'s indexes (TABLE/index/*), no other table.',
        );
        return ds;
      }
      case 'AWS_LAMBDA': {
        const fn = props.functions[spec.function];
        const ds = this.api.addLambdaDataSource(name, fn);
        acknowledge(
          ds,
          `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
          'CDK grants lambda:InvokeFunction on the function and its versions/aliases (ARN:*); it names this one function only.',
        );
        return ds;
      }
      case 'NONE':
        return this.api.addNoneDataSource(name);
    }
  }
}
