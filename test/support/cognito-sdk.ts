import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { startTestStack } from './local-stack.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/** The real, SigV4-signing Cognito client against a local stack's user pool; one attempt, so a refusal shows at once. */
export const cognitoSdk = (stack: Stack, credentials = stack.credentials) =>
  new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials, maxAttempts: 1 });
