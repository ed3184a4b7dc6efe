/**
 * amplify_outputs.json names every auth mode the API accepts (api/auth-modes.ts), in Amplify's
 * words: `data.authorization_types` lists AWS_LAMBDA (personal access tokens) beside IAM and the
 * user pool, both as `npm run outputs` writes it from the deployed stack's outputs and as
 * `npm start` writes it (local/amplify-outputs.ts; the running stack's own file is checked in
 * test/e2e/access-tokens.test.ts). The template's modes are held to the same list in
 * least-privilege.test.ts.
 */
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { describe, expect, it } from 'vitest';
import { ADDITIONAL_AUTH_MODES } from '../../api/auth-modes.js';
import { USER_PASSWORD_POLICY } from '../../infra/constructs/user-pool.js';
import { amplifyOutputs } from '../../local/amplify-outputs.js';
import { amplifyOutputsFromStack } from '../../scripts/write-amplify-outputs.js';
import { deployedStackOutputs } from '../support/stack-outputs.js';

const stackOutputs = deployedStackOutputs();

describe('data.authorization_types', () => {
  it('lists AWS_LAMBDA with IAM and the user pool in what `npm run outputs` writes for AWS', () => {
    const written = amplifyOutputsFromStack(stackOutputs, 'BlobsStack');
    expect(written.data.authorization_types).toEqual(['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'AWS_LAMBDA']);
    expect(written.data.default_authorization_type).toBe('API_KEY');
  });

  it('lists the same modes in what npm start writes, the API key staying the default Amplify picks', () => {
    const local = amplifyOutputs({
      graphqlUrl: 'http://127.0.0.1:20080/graphql',
      region: 'us-east-1',
      apiKey: 'local-key',
      userPool: { userPoolId: 'us-east-1_local', clientId: 'c', region: 'us-east-1', endpoint: 'http://127.0.0.1:20084', passwordPolicy: USER_PASSWORD_POLICY },
    });
    expect(local.data.authorization_types).toEqual([...ADDITIONAL_AUTH_MODES]);
    expect(local.data.authorization_types).toContain('AWS_LAMBDA');
    // Amplify reads the file as it is: the default mode stays the key; a token client asks for 'lambda' itself.
    expect(parseAmplifyConfig(local as never).API?.GraphQL).toMatchObject({ defaultAuthMode: 'apiKey', endpoint: 'http://127.0.0.1:20080/graphql' });
  });
});
