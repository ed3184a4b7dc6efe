/**
 * Configures aws-amplify from amplify_outputs.json (the Gen 2 shape `npm start` writes and the
 * AWS deploy script writes) and returns a GraphQL client, authorised by the API key or, for a
 * signed-in user, by the user-pool token.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';

export interface AmplifyOutputs {
  version: string;
  auth?: {
    aws_region: string;
    user_pool_id: string;
    user_pool_client_id: string;
    password_policy?: { min_length?: number; require_lowercase?: boolean; require_uppercase?: boolean; require_numbers?: boolean; require_symbols?: boolean };
    [more: string]: unknown;
  };
  data: {
    url: string;
    aws_region: string;
    default_authorization_type: string;
    api_key?: string;
    authorization_types?: string[];
  };
  /** Amplify Storage's bucket (Gen 2's shape; Amplify.configure reads it). */
  storage?: { aws_region: string; bucket_name: string; [more: string]: unknown };
  /**
   * Local only: Amplify has no outputs field for a user pool or identity pool at another endpoint
   * than AWS's, nor for an S3 endpoint (Storage takes it per call, as `options.customEndpoint`).
   */
  custom?: { user_pool_endpoint?: string; identity_pool_endpoint?: string; storage_endpoint?: string; [more: string]: unknown };
}

/** apiKey: anyone holding the key (the quick start); userPool: the signed-in user, who then owns what it creates. */
/** `{ accessToken }`: a personal access token (`blobs_pat_…`), sent raw as AppSync's Lambda mode expects. */
export type BlobsAuthMode = 'apiKey' | 'userPool' | { accessToken: string };

/**
 * Amplify.configure(outputs) ignores `custom`, so a local user pool and identity pool are set as
 * Auth.Cognito.userPoolEndpoint and identityPoolEndpoint afterwards; on AWS there are none and
 * Cognito's own endpoints are used. (Once an identity pool is configured, every fetchAuthSession,
 * the GraphQL client's too, asks it for credentials: a missing local endpoint would send that to AWS.)
 * Each Amplify.configure puts the default token storage (localStorage) back: a caller with its
 * own storage sets it after this, once.
 */
export function configureAmplify(outputs: AmplifyOutputs): void {
  assertOutputs(outputs);
  Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
  const userPoolEndpoint = outputs.custom?.user_pool_endpoint;
  const identityPoolEndpoint = outputs.custom?.identity_pool_endpoint;
  const config = Amplify.getConfig();
  const cognito = config.Auth?.Cognito;
  if ((userPoolEndpoint || identityPoolEndpoint) && cognito) {
    const endpoints = { ...(userPoolEndpoint && cognito.userPoolId && { userPoolEndpoint }), ...(identityPoolEndpoint && cognito.identityPoolId && { identityPoolEndpoint }) };
    // The parsed config's type is a union of user-pool and identity-pool shapes.
    Amplify.configure({ ...config, Auth: { ...config.Auth, Cognito: { ...cognito, ...endpoints } } } as Parameters<typeof Amplify.configure>[0]);
  }
}

/** A GraphQL client for Amplify as configured (configureAmplify first). */
export function graphqlClient(authMode: BlobsAuthMode = 'apiKey') {
  // One client type for every mode (the cast): the token client differs only in what it sends.
  const options = typeof authMode === 'string' ? { authMode } : { authMode: 'lambda' as const, authToken: authMode.accessToken };
  return generateClient(options as { authMode: 'apiKey' });
}

export function configureBlobsClient(outputs: AmplifyOutputs, authMode: BlobsAuthMode = 'apiKey') {
  configureAmplify(outputs);
  return graphqlClient(authMode);
}

export type BlobsGraphqlClient = ReturnType<typeof graphqlClient>;

/** The same outputs, built from flags instead of a file (the CLI's --url --api-key --region). */
export function outputsFrom(o: { url: string; apiKey: string; region: string }): AmplifyOutputs {
  return {
    version: '1.3',
    data: { url: o.url, aws_region: o.region, default_authorization_type: 'API_KEY', api_key: o.apiKey, authorization_types: ['AWS_IAM'] },
  };
}

function assertOutputs(outputs: AmplifyOutputs): void {
  const data = outputs?.data;
  const missing = !data ? ['data'] : (['url', 'aws_region', 'api_key'] as const).filter((k) => !data[k]);
  if (missing.length) throw new Error(`amplify_outputs.json lacks ${missing.map((k) => (k === 'data' ? k : `data.${k}`)).join(', ')}`);
}
