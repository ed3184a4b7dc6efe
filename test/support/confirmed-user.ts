/** A user an administrator made in the local pool, email verified and password set: ready to sign in, with no sign-up round. */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalStack } from '../../local/stack.js';

export async function createConfirmedUser(stack: Pick<LocalStack, 'userPool' | 'region' | 'credentials'>, email: string, password: string): Promise<void> {
  const admin = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  try {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }], MessageAction: 'SUPPRESS' }));
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPool.userPoolId, Username: email, Password: password, Permanent: true }));
  } finally {
    admin.destroy();
  }
}
