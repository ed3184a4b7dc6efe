/**
 * The seed's REST API on API Gateway in the synthesized template: its resources and methods from
 * api/rest-api.ts, CORS, the usage plan, logs, its handler's grants and its output.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { restApi } from '../../api/rest-api.js';
import { REST_STAGE_NAME, REST_USAGE_LIMITS } from '../../infra/constructs/rest-api.js';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { ownActions, useSynthesizedStack, type Resource } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const { resourcesOf, functionId, statementsOf } = stack;

describe("The seed's REST API (API Gateway)", () => {
  const restApiId = () => resourcesOf('AWS::ApiGateway::RestApi')[0][0];
  const pathOf = (resourceId: string): string => {
    const resource = stack.template.toJSON().Resources[resourceId] as Resource;
    const parent = resource.Properties.ParentId;
    const prefix = parent['Fn::GetAtt'] ? '' : pathOf(parent.Ref);
    return `${prefix}/${resource.Properties.PathPart}`;
  };
  const methods = () =>
    resourcesOf('AWS::ApiGateway::Method').map(([, m]): Record<string, any> => ({ ...m.Properties, path: m.Properties.ResourceId.Ref ? pathOf(m.Properties.ResourceId.Ref) : '/' }));

  it('is one REST API whose every resource of api/rest-api.ts, and a catch-all, proxies any method to the REST handler with the API key required', () => {
    stack.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
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
    stack.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: REST_USAGE_LIMITS.rateLimit, BurstLimit: REST_USAGE_LIMITS.burstLimit },
      Quota: { Limit: REST_USAGE_LIMITS.quotaPerDay, Period: 'DAY' },
      ApiStages: [Match.objectLike({ ApiId: { Ref: restApiId() }, Stage: Match.anyValue() })],
    });
    const appsyncKey = resourcesOf('AWS::AppSync::ApiKey')[0][0];
    stack.template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Enabled: true, Value: { 'Fn::GetAtt': [appsyncKey, 'ApiKey'] } });
    stack.template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
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
    expect(ownActions(statements)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 's3:PutObject']);
  });

  it('is in the stack outputs as RestApiUrl: the stage URL, without a trailing slash', () => {
    const output = stack.template.toJSON().Outputs[OUTPUT_NAMES.restApiUrl];
    expect(JSON.stringify(output.Value)).toContain(`"/${REST_STAGE_NAME}"`);
    expect(JSON.stringify(output.Value)).toContain(restApiId());
  });
});
