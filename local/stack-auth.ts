/**
 * The local stack's sign-in services, composed: the Cognito user pool, and the identity pool
 * the template declares in front of it (its logins are that user pool's ID tokens, its session
 * credentials go to the IAM authority every stand-in asks).
 */
import { join } from 'node:path';
import { startLocalCognito, type IssuedCode, type LocalCognito } from './cognito/index.js';
import { startLocalCognitoIdentity, type LocalCognitoIdentity } from './cognito-identity/index.js';
import type { IamAuthority } from './iam/index.js';
import type { TemplateIdentityPool } from './template/identity-pool.js';
import type { PasswordPolicy } from './cognito/password-policy.js';

export interface LocalAuthOptions {
  dataDir: string;
  host: string;
  publicHost: string;
  region: string;
  accountId: string;
  userPoolPort: number;
  identityPoolPort: number;
  passwordPolicy?: PasswordPolicy;
  authority: IamAuthority;
  /** The template's identity pool; none: no identity pool is started. */
  identityPool?: TemplateIdentityPool;
  onCode?: (code: IssuedCode) => void;
}

export interface LocalAuth {
  userPool: LocalCognito;
  identityPool?: LocalCognitoIdentity;
  close(): Promise<void>;
}

export async function startLocalAuth(o: LocalAuthOptions): Promise<LocalAuth> {
  const { authority } = o;
  const userPool = await startLocalCognito({
    dataDir: join(o.dataDir, 'cognito'),
    host: o.host,
    port: o.userPoolPort,
    publicHost: o.publicHost,
    region: o.region,
    passwordPolicy: o.passwordPolicy,
    adminCredentials: authority.credentials,
    authorize: authority.authorize,
    accountId: o.accountId,
    onCode: o.onCode,
  });
  if (!o.identityPool) return { userPool, close: () => userPool.close() };
  try {
    // The template's providers are its user pool; locally that is the pool just started.
    if (o.identityPool.userPools.length === 0) throw new Error(`${o.identityPool.logicalId}: the identity pool names no user pool of this template as a provider`);
    const identityPool = await startLocalCognitoIdentity({
      dataDir: join(o.dataDir, 'cognito-identity'),
      host: o.host,
      port: o.identityPoolPort,
      publicHost: o.publicHost,
      region: o.region,
      accountId: o.accountId,
      providers: [
        {
          providerName: `cognito-idp.${o.region}.amazonaws.com/${userPool.userPoolId}`,
          aliases: [userPool.issuer.replace(/^\w+:\/\//, '')],
          ...{ clientId: userPool.clientId, issuer: userPool.issuer, jwks: userPool.jwks },
        },
      ],
      roles: o.identityPool.roles,
      allowGuests: o.identityPool.allowUnauthenticated,
      register: (holder) => authority.register(holder),
    });
    return {
      userPool,
      identityPool,
      close: async () => {
        await identityPool.close();
        await userPool.close();
      },
    };
  } catch (error) {
    await userPool.close();
    throw error;
  }
}
