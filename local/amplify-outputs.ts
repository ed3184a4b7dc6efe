/** amplify_outputs.json in the Amplify Gen 2 shape (DESIGN.md), so `Amplify.configure(outputs)` just works. */
import { ADDITIONAL_AUTH_MODES, DEFAULT_AUTH_MODE, type AdditionalAuthMode } from '../api/auth-modes.js';
import { USER_STORAGE_PREFIX } from '../api/object-keys.js';
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
    /** The identity pool whose credentials signed-in users get (Amplify: Auth.Cognito.identityPoolId). */
    identity_pool_id?: string;
    /** Guests get no identity-pool credentials (the pool allows no unauthenticated identities). */
    unauthenticated_identities_enabled?: boolean;
  };
  /** Amplify Storage (Gen 2's shape): one bucket whose only access rule is each identity's own photos prefix. */
  storage?: {
    aws_region: string;
    bucket_name: string;
    buckets: Array<{ name: string; bucket_name: string; aws_region: string; paths: Record<string, { entityidentity: StorageAccess[] }> }>;
  };
  data: {
    url: string;
    aws_region: string;
    default_authorization_type: typeof DEFAULT_AUTH_MODE;
    api_key: string;
    /** The additional modes, in Amplify's words (AWS_LAMBDA: personal access tokens, `authMode: 'lambda'`). */
    authorization_types: AdditionalAuthMode[];
  };
  /** Amplify ignores `custom`; local clients read the user pool's endpoint from it. */
  custom?: {
    user_pool_endpoint?: string;
    /** The local identity pool's endpoint (Amplify: Auth.Cognito.identityPoolEndpoint). */
    identity_pool_endpoint?: string;
    /** The local S3's TLS side as `host:port`: Amplify Storage's per-call `options.customEndpoint` (no scheme, always https). */
    storage_endpoint?: string;
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

export interface IdentityPoolOutputs {
  identityPoolId: string;
  /** Only for the local pool: Amplify derives AWS's from the pool id's region. */
  endpoint?: string;
  /** The pool's AllowUnauthenticatedIdentities. */
  allowGuests: boolean;
}

export interface StorageOutputs {
  bucketName: string;
  region: string;
  /** Only for the local S3: its TLS side's `host:port` (Amplify derives AWS's from the region). */
  endpoint?: string;
}

type StorageAccess = 'get' | 'list' | 'write' | 'delete';
/** The bucket's friendly name, as Gen 2's defineStorage({ name }) gives it (uploadData's `options.bucket`). */
export const STORAGE_NAME = 'photos';
/**
 * Gen 2 writes an access rule per path; `{entity_id}` is the caller's identity id. This is the
 * identity pool role's grant (infra/permissions.ts grantOwnPhotos), described for the client.
 */
export const OWN_PHOTOS_PATH = `${USER_STORAGE_PREFIX}{entity_id}/*`;

export function amplifyOutputs(o: {
  graphqlUrl: string;
  region: string;
  apiKey: string;
  restApiUrl?: string;
  userPool?: UserPoolOutputs;
  identityPool?: IdentityPoolOutputs;
  storage?: StorageOutputs;
}): AmplifyOutputs {
  const custom = {
    ...(o.userPool?.endpoint && { user_pool_endpoint: o.userPool.endpoint }),
    ...(o.identityPool?.endpoint && { identity_pool_endpoint: o.identityPool.endpoint }),
    ...(o.storage?.endpoint && { storage_endpoint: o.storage.endpoint }),
    ...(o.restApiUrl && { rest_api_url: o.restApiUrl }),
  };
  return {
    version: '1.3',
    ...(o.userPool ? { auth: authOutputs(o.userPool, o.identityPool) } : {}),
    ...(o.storage ? { storage: storageOutputs(o.storage) } : {}),
    data: {
      url: o.graphqlUrl,
      aws_region: o.region,
      default_authorization_type: DEFAULT_AUTH_MODE,
      api_key: o.apiKey,
      authorization_types: [...ADDITIONAL_AUTH_MODES],
    },
    ...(Object.keys(custom).length ? { custom } : {}),
  };
}

/** Sign-in by e-mail, verified by e-mail, with the pool's password policy (the same locally and on AWS). */
function authOutputs(pool: UserPoolOutputs, identityPool: IdentityPoolOutputs | undefined): NonNullable<AmplifyOutputs['auth']> {
  return {
    aws_region: pool.region,
    user_pool_id: pool.userPoolId,
    user_pool_client_id: pool.clientId,
    username_attributes: ['email'],
    standard_required_attributes: ['email'],
    user_verification_types: ['email'],
    password_policy: { ...pool.passwordPolicy },
    ...(identityPool && { identity_pool_id: identityPool.identityPoolId, unauthenticated_identities_enabled: identityPool.allowGuests }),
  };
}

/** Storage is only reachable with identity-pool credentials, each identity in its own prefix. */
function storageOutputs(storage: StorageOutputs): NonNullable<AmplifyOutputs['storage']> {
  const bucket = { bucket_name: storage.bucketName, aws_region: storage.region };
  return { ...bucket, buckets: [{ name: STORAGE_NAME, ...bucket, paths: { [OWN_PHOTOS_PATH]: { entityidentity: ['get', 'list', 'write', 'delete'] } } }] };
}
