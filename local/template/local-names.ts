/**
 * The local stand-in for each resource's physical name and attributes: what `Ref` and
 * `Fn::GetAtt` would return after a deploy to account 000000000000. Names the template fixes
 * are kept; otherwise CloudFormation would generate `<stack>-<logicalId>-<random>`, and we
 * use `<stack>-<logicalId>`. The local stack overrides the few it runs itself (the bucket and
 * table the functions use keep the names existing data directories have, the API's id and URL).
 */
import { createHash } from 'node:crypto';
import type { PseudoParameters, Resolver } from './intrinsics.js';
import type { CfnTemplate } from './types.js';

export interface LocalResourceOverride {
  ref?: string;
  /** Attributes, read when referenced (the API's URL is known only once the engine listens). */
  attributes?: Record<string, () => string>;
}

export function localResolver(template: CfnTemplate, pseudo: PseudoParameters, overrides: Record<string, LocalResourceOverride> = {}): Resolver {
  const { region, accountId, stackName } = pseudo;
  const resource = (id: string) => {
    const found = template.Resources[id];
    if (!found) throw new Error(`The template has no resource ${id}`);
    return found;
  };
  const generated = (id: string, max = 64) => `${stackName}-${id}`.slice(0, max);
  const property = (id: string, name: string) => {
    const value = resource(id).Properties?.[name];
    return typeof value === 'string' ? value : undefined;
  };

  const ref = (id: string): string => {
    if (overrides[id]?.ref !== undefined) return overrides[id].ref!;
    const type = resource(id).Type;
    switch (type) {
      case 'AWS::S3::Bucket':
        return property(id, 'BucketName') ?? generated(id.toLowerCase(), 63).toLowerCase();
      case 'AWS::DynamoDB::Table':
        return property(id, 'TableName') ?? generated(id, 255);
      case 'AWS::IAM::Role':
        return property(id, 'RoleName') ?? generated(id);
      case 'AWS::Lambda::Function':
        return property(id, 'FunctionName') ?? generated(id);
      case 'AWS::Logs::LogGroup':
        return property(id, 'LogGroupName') ?? `/aws/${generated(id)}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${accountId}/${property(id, 'QueueName') ?? generated(id, 80)}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${accountId}:${property(id, 'TopicName') ?? generated(id)}`;
      case 'AWS::SecretsManager::Secret': {
        // Secrets Manager appends six random characters to a secret's ARN; these are stable per name.
        const name = property(id, 'Name') ?? generated(id, 256);
        const suffix = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6);
        return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
      }
      default:
        return id;
    }
  };

  const getAtt = (id: string, attribute: string): string => {
    const override = overrides[id]?.attributes?.[attribute];
    if (override) return override();
    const type = resource(id).Type;
    if (attribute === 'Arn') {
      switch (type) {
        case 'AWS::S3::Bucket':
          return `arn:aws:s3:::${ref(id)}`;
        case 'AWS::DynamoDB::Table':
          return `arn:aws:dynamodb:${region}:${accountId}:table/${ref(id)}`;
        case 'AWS::IAM::Role':
          return `arn:aws:iam::${accountId}:role/${ref(id)}`;
        case 'AWS::Lambda::Function':
          return `arn:aws:lambda:${region}:${accountId}:function:${ref(id)}`;
        case 'AWS::Logs::LogGroup':
          return `arn:aws:logs:${region}:${accountId}:log-group:${ref(id)}:*`;
        case 'AWS::SQS::Queue':
          return `arn:aws:sqs:${region}:${accountId}:${ref(id).split('/').pop()}`;
        case 'AWS::SNS::Topic':
        case 'AWS::SecretsManager::Secret':
          return ref(id);
      }
    }
    if (type === 'AWS::AppSync::GraphQLApi') {
      const apiId = id.toLowerCase();
      if (attribute === 'ApiId') return apiId;
      if (attribute === 'Arn') return `arn:aws:appsync:${region}:${accountId}:apis/${apiId}`;
      if (attribute === 'GraphQLUrl') return `https://${apiId}.appsync-api.${region}.amazonaws.com/graphql`;
    }
    if (type === 'AWS::SQS::Queue' && attribute === 'QueueName') return ref(id).split('/').pop()!;
    if (type === 'AWS::S3::Bucket' && attribute === 'DomainName') return `${ref(id)}.s3.amazonaws.com`;
    throw new Error(`Fn::GetAtt ${id}.${attribute} (${type}) is not resolved by the local runtime`);
  };

  return { ref, getAtt };
}
