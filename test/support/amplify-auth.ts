/**
 * The unmodified Amplify Auth client in Node, pointed at the local user pool the way an app
 * does it: configure from amplify_outputs.json, then configure again with
 * `Auth.Cognito.userPoolEndpoint` from `custom.user_pool_endpoint` (and `identityPoolEndpoint`
 * from `custom.identity_pool_endpoint`, where there is an identity pool). Tokens go to an in-memory
 * store the test can inspect (Amplify's Node default is an in-memory store it does not expose).
 */
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { cognitoCredentialsProvider, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import type { KeyValueStorageInterface } from 'aws-amplify/utils';
import type { AmplifyOutputs } from '../../local/amplify-outputs.js';

export class MemoryStorage implements KeyValueStorageInterface {
  readonly items = new Map<string, string>();
  async setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  async getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  async removeItem(key: string) {
    this.items.delete(key);
  }
  async clear() {
    this.items.clear();
  }
  /** The stored value whose key ends with `.${name}` (Amplify keys tokens by client and user). */
  token(name: 'idToken' | 'accessToken' | 'refreshToken'): string | undefined {
    return [...this.items].find(([key]) => key.endsWith(`.${name}`))?.[1];
  }
}

export function configureAmplifyAuth(outputs: AmplifyOutputs, storage: KeyValueStorageInterface): void {
  Amplify.configure(outputs as never);
  const config = Amplify.getConfig();
  const identityPoolEndpoint = outputs.custom?.identity_pool_endpoint;
  Amplify.configure({ ...config, Auth: { Cognito: { ...config.Auth!.Cognito, userPoolEndpoint: outputs.custom!.user_pool_endpoint, ...(identityPoolEndpoint && { identityPoolEndpoint }) } } } as ResourcesConfig);
  // Every configure() resets the token store to Amplify's default, so set ours after the last one.
  actAs(storage);
}

let acting: KeyValueStorageInterface | undefined;
/**
 * Acts as the user whose tokens `storage` holds, for tests with several users in one process.
 * Amplify keeps one identity id and one set of identity-pool credentials, for whoever signed in
 * last; switching users by switching token stores must drop them as a sign-out would, or the
 * next user's first call asks the identity pool for the previous user's identity and is refused
 * (the call then fails with NoSignedUser). Clearing the authenticated identity is synchronous.
 */
export function actAs(storage: KeyValueStorageInterface): void {
  if (storage !== acting) void cognitoCredentialsProvider.clearCredentialsAndIdentityId();
  acting = storage;
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
}
