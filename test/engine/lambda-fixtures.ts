/**
 * A scripted Lambda authorizer for the engine tests: the token's first word says how it answers,
 * and every event it receives is kept, so a test can count the calls the cache saved.
 */
import type { AuthConfig, LambdaAuthorizerEvent } from '../../local/appsync/server/auth/authenticate.js';

export const ACCOUNT_ID = '123456789012';
/** The field ARN form of deniedFields, for this API (the harness's IAM section names apiId "local"). */
export const fieldArn = (type: string, field: string, apiId = 'local') => `arn:aws:appsync:us-east-1:${ACCOUNT_ID}:apis/${apiId}/types/${type}/fields/${field}`;

export function scriptedAuthorizer() {
  const events: LambdaAuthorizerEvent[] = [];
  const handler = async (event: LambdaAuthorizerEvent): Promise<unknown> => {
    events.push(event);
    const [kind, name] = event.authorizationToken.split('-');
    switch (kind) {
      case 'allow':
        return { isAuthorized: true, resolverContext: { user: name } };
      case 'deny':
        return { isAuthorized: false };
      case 'denyfields':
        return { isAuthorized: true, resolverContext: { user: name }, deniedFields: ['LambdaCaller.secret', fieldArn('Query', 'item'), fieldArn('Query', 'lambdaMe', 'otherapi')] };
      case 'nonames':
        return { isAuthorized: true, resolverContext: { user: name }, deniedFields: ['Item.name'] };
      case 'nosubs':
        return { isAuthorized: true, resolverContext: { user: name }, deniedFields: ['Subscription.onItem'] };
      case 'nocache':
        return { isAuthorized: true, resolverContext: { user: name }, ttlOverride: 0 };
      case 'throws':
        throw new Error('the authorizer crashed');
      case 'slow':
        return new Promise(() => {});
      case 'malformed':
        return { isAuthorized: 'yes' };
      default:
        return { isAuthorized: false };
    }
  };
  const callsFor = (token: string) => events.filter((e) => e.authorizationToken === token).length;
  return { events, handler, callsFor };
}

/** AWS_LAMBDA added to the harness's modes, with the scripted authorizer behind it. */
export const lambdaAuth = (handler: (event: LambdaAuthorizerEvent) => Promise<unknown>, extra: Partial<NonNullable<AuthConfig['lambda']>> = {}): Partial<AuthConfig> => ({
  additionalModes: ['AWS_IAM', 'AWS_LAMBDA'],
  iam: { region: 'us-east-1', accountId: ACCOUNT_ID, credentials: [], apiId: 'local' },
  lambda: { handler, resultTtlSeconds: 300, identityValidationExpression: '[a-z]+-[A-Za-z0-9]+', timeoutMs: 300, ...extra },
});
