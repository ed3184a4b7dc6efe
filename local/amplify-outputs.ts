/** amplify_outputs.json in the Amplify Gen 2 shape (DESIGN.md), so `Amplify.configure(outputs)` just works. */
import type { PasswordPolicy } from './cognito/password-policy.js';

export interface AmplifyOutputs {
  version: '1.3';
  auth?: {
    aws_region: string;
    user_pool_id: string;
    user_pool_client_id: string;
    username_attributes: Array<'email'>;
    standard_required_attributes: Array<'email'>;
    user_verification_types: Array<'email'>;
    password_policy: PasswordPolicy;
  };
  data: {
    url: string;
    aws_region: string;
    default_authorization_type: 'API_KEY';
    api_key: string;
    authorization_types: Array<'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS'>;
  };
  /** Amplify ignores `custom`; local clients read the user pool's endpoint from it. */
  custom?: {
    user_pool_endpoint?: string;
    /** The seed's REST API: POST {rest_api_url}/blobs, GET {rest_api_url}/blobs/{blob_id}. */
    rest_api_url?: string;
  };
}

export interface UserPoolOutputs {
  userPoolId: string;
  clientId: string;
  region: string;
  /** Only for the local pool: Amplify has no outputs field for a custom Cognito endpoint. */
  endpoint?: string;
  passwordPolicy: PasswordPolicy;
}

export function amplifyOutputs(o: { graphqlUrl: string; region: string; apiKey: string; restApiUrl?: string; userPool?: UserPoolOutputs }): AmplifyOutputs {
  const custom = { ...(o.userPool?.endpoint && { user_pool_endpoint: o.userPool.endpoint }), ...(o.restApiUrl && { rest_api_url: o.restApiUrl }) };
  return {
    version: '1.3',
    ...(o.userPool ? { auth: authOutputs(o.userPool) } : {}),
    data: {
      url: o.graphqlUrl,
      aws_region: o.region,
      default_authorization_type: 'API_KEY',
      api_key: o.apiKey,
      authorization_types: ['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS'],
    },
    ...(Object.keys(custom).length ? { custom } : {}),
  };
}

/** Sign-in by e-mail, verified by e-mail, with the pool's password policy (the same locally and on AWS). */
function authOutputs(pool: UserPoolOutputs): NonNullable<AmplifyOutputs['auth']> {
  return {
    aws_region: pool.region,
    user_pool_id: pool.userPoolId,
    user_pool_client_id: pool.clientId,
    username_attributes: ['email'],
    standard_required_attributes: ['email'],
    user_verification_types: ['email'],
    password_policy: { ...pool.passwordPolicy },
  };
}
