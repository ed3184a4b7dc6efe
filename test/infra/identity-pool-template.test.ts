/**
 * The Cognito identity pool in the synthesized template: the user pool's client as its only
 * login provider, no guests, one authenticated role assumable only through this pool, and that
 * role's policy limited to the caller's own `photos/<identity id>/` prefix of the upload bucket.
 */
import { describe, expect, it } from 'vitest';
import { USER_STORAGE_PREFIX } from '../../api/object-keys.js';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { useSynthesizedStack } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const { resourcesOf } = stack;
const OWN = `${USER_STORAGE_PREFIX}\${cognito-identity.amazonaws.com:sub}/`;

const idOf = (type: string) => {
  const found = resourcesOf(type);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('Cognito identity pool', () => {
  it("takes the user pool's public client as its one login, checks tokens server-side, and allows no guests", () => {
    const [, pool] = idOf('AWS::Cognito::IdentityPool');
    const [userPoolId] = idOf('AWS::Cognito::UserPool');
    const [clientId] = idOf('AWS::Cognito::UserPoolClient');
    expect(pool.Properties).toEqual({
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [{ ProviderName: { 'Fn::GetAtt': [userPoolId, 'ProviderName'] }, ClientId: { Ref: clientId }, ServerSideTokenCheck: true }],
    });
  });

  it('attaches an authenticated role only, assumable through this pool by authenticated identities', () => {
    const [poolId] = idOf('AWS::Cognito::IdentityPool');
    const [, attachment] = idOf('AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.Properties.IdentityPoolId).toEqual({ Ref: poolId });
    expect(Object.keys(attachment.Properties.Roles)).toEqual(['authenticated']);
    const roleId = attachment.Properties.Roles.authenticated['Fn::GetAtt'][0];
    const role = stack.template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: poolId } }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("limits the role to the caller's own photos/<identity id>/ prefix of the upload bucket", () => {
    const [, attachment] = idOf('AWS::Cognito::IdentityPoolRoleAttachment');
    const roleId = attachment.Properties.Roles.authenticated['Fn::GetAtt'][0];
    const policies = resourcesOf('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((s: { Action: unknown }) => !String(s.Action).startsWith('appsync:'));
    const [bucketId] = resourcesOf('AWS::S3::Bucket').find(([, b]) => b.Properties.VersioningConfiguration)!;
    const bucketArn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [bucketArn, `/${OWN}*`]] },
      },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringLike: { 's3:prefix': [OWN, `${OWN}*`] } } },
    ]);
  });

  it('may call one field of the API: linkStorageIdentity, which makes its storage uploads its user\'s blobs', () => {
    const [, attachment] = idOf('AWS::Cognito::IdentityPoolRoleAttachment');
    const roleId = attachment.Properties.Roles.authenticated['Fn::GetAtt'][0];
    const [apiId] = idOf('AWS::AppSync::GraphQLApi');
    const statements = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: unknown }) => String(s.Action).startsWith('appsync:'));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'appsync:GraphQL',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':appsync:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }, '/types/Mutation/fields/linkStorageIdentity']] },
      },
    ]);
  });

  it('exports the pool id for npm run outputs', () => {
    const [poolId] = idOf('AWS::Cognito::IdentityPool');
    expect(stack.template.toJSON().Outputs[OUTPUT_NAMES.identityPoolId].Value).toEqual({ Ref: poolId });
  });
});
