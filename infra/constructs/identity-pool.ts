/**
 * A Cognito identity pool for the user pool's signed-in users: their ID token buys temporary
 * credentials of one authenticated role, which may touch only the caller's own storage prefix
 * (infra/permissions.ts grantOwnPhotos). Guests are off: there is no unauthenticated role, and
 * AllowUnauthenticatedIdentities is false. The local identity pool reads all of this from the
 * synthesized template (local/template/identity-pool.ts).
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface IdentityPoolProps {
  readonly userPool: cognito.IUserPool;
  readonly client: cognito.IUserPoolClient;
}

export class IdentityPool extends Construct {
  readonly pool: cognito.CfnIdentityPool;
  readonly authenticatedRole: iam.Role;

  constructor(scope: Construct, id: string, props: IdentityPoolProps) {
    super(scope, id);
    this.pool = new cognito.CfnIdentityPool(this, 'Pool', {
      allowUnauthenticatedIdentities: false,
      // The enhanced flow only: the classic flow lets a client pick any role the pool trusts.
      allowClassicFlow: false,
      // serverSideTokenCheck: a token revoked by sign-out or an admin is refused, not just an expired one.
      cognitoIdentityProviders: [{ providerName: props.userPool.userPoolProviderName, clientId: props.client.userPoolClientId, serverSideTokenCheck: true }],
    });

    // Assumable only through this pool, and only by authenticated identities (AWS's documented trust policy).
    this.authenticatedRole = new iam.Role(this, 'AuthenticatedRole', {
      description: 'Signed-in users of the identity pool: their own storage prefix only',
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        { StringEquals: { 'cognito-identity.amazonaws.com:aud': this.pool.ref }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });

    new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
      identityPoolId: this.pool.ref,
      roles: { authenticated: this.authenticatedRole.roleArn },
    });
  }
}
