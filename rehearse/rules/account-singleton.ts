/**
 * AWS::ApiGateway::Account is API Gateway's one setting per account and region: a stack that
 * declares it overwrites the CloudWatch role whatever else set there, and leaves it on delete.
 * Allowed only when marked as asked for (the apiGatewayCloudWatchRole setting marks it).
 */
import { SINGLETON_ACKNOWLEDGED } from '../../infra/account-singleton.js';
import { resourcesOfType, type Rule } from '../types.js';

export const accountSingleton: Rule = (template) =>
  resourcesOfType(template, 'AWS::ApiGateway::Account')
    .filter(([, r]) => r.Metadata?.[SINGLETON_ACKNOWLEDGED] === undefined)
    .map(([logicalId]) => ({
      rule: 'account-singleton',
      logicalId,
      message: "AWS::ApiGateway::Account is one per account and region: it overwrites the CloudWatch role another stack set and stays after delete (set it once per account, or -c apiGatewayCloudWatchRole=true)",
    }));
