/**
 * The seed's REST API on AWS, what its Serverless `http` events created: an API Gateway REST API
 * whose every resource (api/rest-api.ts, plus a greedy catch-all so other paths get the
 * handler's 404 rather than API Gateway's 403) is a Lambda proxy integration of the one
 * handler. Every method requires an API key — the AppSync API key's value, so one key serves
 * both APIs — under a usage plan that throttles and sets a daily quota; access logs go to their
 * own log group; CORS preflight is API Gateway's mock OPTIONS method (no key, as browsers send none).
 */
import { type CfnResource, Fn, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { restApi } from '../../api/rest-api.js';
import { SINGLETON_ACKNOWLEDGED } from '../account-singleton.js';
import { acknowledge } from '../nag.js';

/** Per-key limits of the usage plan: a seed client creates and polls a handful of blobs a second at most. */
export const REST_USAGE_LIMITS = { rateLimit: 20, burstLimit: 40, quotaPerDay: 10_000 } as const;

export const REST_STAGE_NAME = 'v1';

export interface SeedRestApiProps {
  readonly handler: IFunction;
  /** The key clients already have (amplify_outputs.json `data.api_key`). */
  readonly apiKeyValue: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Set API Gateway's account-wide CloudWatch role from this stack (settings.ts apiGatewayCloudWatchRole). */
  readonly createCloudWatchRole?: boolean;
}

export class SeedRestApi extends Construct {
  readonly api: apigateway.RestApi;
  /** `https://<id>.execute-api.<region>.<suffix>/<stage>`, without a trailing slash: clients append `/blobs`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SeedRestApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `${Stack.of(this).stackName}-seed-rest`,
      description: "The seed's REST API: POST /blobs, GET /blobs/{blob_id}",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Not by default: cloudWatchRole makes an AWS::ApiGateway::Account, a singleton per account
      // and region that overwrites whatever CloudWatch role another stack set there and is left
      // behind on delete. Access logging still needs that role set once per account and region
      // (docs/deploying.md gives the command); where nothing else sets it, opt in with
      // `-c apiGatewayCloudWatchRole=true`. The rehearsal accepts the singleton only then.
      cloudWatchRole: props.createCloudWatchRole ?? false,
      deployOptions: {
        stageName: REST_STAGE_NAME,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        throttlingRateLimit: REST_USAGE_LIMITS.rateLimit,
        throttlingBurstLimit: REST_USAGE_LIMITS.burstLimit,
      },
      defaultMethodOptions: { apiKeyRequired: true },
      defaultCorsPreflightOptions: {
        allowOrigins: apigateway.Cors.ALL_ORIGINS,
        allowMethods: ['OPTIONS', 'GET', 'POST'],
        allowHeaders: ['content-type', 'x-api-key', 'authorization', 'x-amz-date', 'x-amz-security-token'],
      },
      // The handler itself refuses bodies over restApi.maxBodyBytes with 413.
      apiKeySourceType: apigateway.ApiKeySourceType.HEADER,
    });

    const integration = new apigateway.LambdaIntegration(props.handler, { proxy: true });
    for (const path of [...Object.keys(restApi.resources), restApi.catchAll]) {
      this.api.root.resourceForPath(path).addMethod('ANY', integration);
    }

    const key = this.api.addApiKey('ApiKey', { description: 'The AppSync API key, for the REST API too', value: props.apiKeyValue });
    const plan = this.api.addUsagePlan('UsagePlan', {
      description: 'Every REST client: throttled, with a daily quota',
      throttle: { rateLimit: REST_USAGE_LIMITS.rateLimit, burstLimit: REST_USAGE_LIMITS.burstLimit },
      quota: { limit: REST_USAGE_LIMITS.quotaPerDay, period: apigateway.Period.DAY },
    });
    plan.addApiStage({ stage: this.api.deploymentStage });
    plan.addApiKey(key);

    this.url = Fn.join('', ['https://', this.api.restApiId, '.execute-api.', Stack.of(this).region, '.', Stack.of(this).urlSuffix, '/', REST_STAGE_NAME]);

    acknowledge(this.api, 'AwsSolutions-APIG2', 'Requests are validated by the Lambda handler, with the same rules and messages as the GraphQL createBlob (SSRF guard, content types, features).');
    acknowledge(this.api, 'AwsSolutions-APIG4', "The seed's clients authenticate with an API key (x-api-key), as its migration path requires; IAM or Cognito callers use the GraphQL API.");
    acknowledge(this.api, 'AwsSolutions-COG4', "The seed's clients authenticate with an API key, not a user pool; signed-in users use the GraphQL API.");
    if (props.createCloudWatchRole) {
      acknowledge(this.api, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', "API Gateway's account-wide CloudWatch role: AWS's managed policy is the documented one for it.");
      // Marks the singleton as asked for, so the rehearsal (rehearse/rules) does not flag it.
      const account = this.api.node.findChild('Account') as CfnResource;
      account.addMetadata(SINGLETON_ACKNOWLEDGED, 'apiGatewayCloudWatchRole=true: this account has no other owner of the setting');
    }
  }
}
