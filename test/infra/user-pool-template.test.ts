/**
 * The Cognito user pool in the synthesized template: sign-in, the password policy clients are
 * given, the one public client, AppSync's provider for it, its outputs and cdk-nag acknowledgements.
 */
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { USER_PASSWORD_POLICY } from '../../infra/constructs/user-pool.js';
import { OUTPUT_NAMES } from '../../infra/stack-outputs.js';
import { useSynthesizedStack } from './synthesized-stack.js';

const stack = useSynthesizedStack({ bundle: false });
const { resourcesOf } = stack;

describe('Cognito user pool', () => {
  const poolId = () => resourcesOf('AWS::Cognito::UserPool')[0][0];

  it('signs in by e-mail, with self sign-up, e-mail verification, e-mail recovery and a strong password policy', () => {
    stack.template.resourceCountIs('AWS::Cognito::UserPool', 1);
    stack.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Schema: [Match.objectLike({ Name: 'email', Required: true })],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      VerificationMessageTemplate: Match.objectLike({ DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
      DeletionProtection: 'ACTIVE',
    });
    const [, pool] = resourcesOf('AWS::Cognito::UserPool')[0];
    expect((stack.template.toJSON().Resources[poolId()] as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(pool.Properties.MfaConfiguration).toBe('OFF');
  });

  it('advertises the same password policy amplify_outputs.json gives clients', () => {
    const policy = resourcesOf('AWS::Cognito::UserPool')[0][1].Properties.Policies.PasswordPolicy;
    expect({ min_length: policy.MinimumLength, require_lowercase: policy.RequireLowercase, require_uppercase: policy.RequireUppercase, require_numbers: policy.RequireNumbers, require_symbols: policy.RequireSymbols }).toEqual(USER_PASSWORD_POLICY);
    // The local pool reads this policy from the template (test/cognito/template-password-policy.test.ts).
  });

  it('has one public client: no secret, SRP and refresh only, user existence hidden, revocable short-lived tokens, no OAuth', () => {
    stack.template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const [, client] = resourcesOf('AWS::Cognito::UserPoolClient')[0];
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: poolId() },
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      AllowedOAuthFlowsUserPoolClient: false,
    });
    expect([...client.Properties.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
  });

  it('is an AppSync auth provider for that pool, accepting that client only', () => {
    const [, api] = resourcesOf('AWS::AppSync::GraphQLApi')[0];
    const provider = api.Properties.AdditionalAuthenticationProviders.find((p: { AuthenticationType: string }) => p.AuthenticationType === 'AMAZON_COGNITO_USER_POOLS');
    const clientId = resourcesOf('AWS::Cognito::UserPoolClient')[0][0];
    expect(provider.UserPoolConfig).toEqual({ UserPoolId: { Ref: poolId() }, AwsRegion: { Ref: 'AWS::Region' }, AppIdClientRegex: { Ref: clientId } });
  });

  it('exports the pool and client ids', () => {
    const outputs = stack.template.toJSON().Outputs;
    expect(outputs[OUTPUT_NAMES.userPoolId].Value).toEqual({ Ref: poolId() });
    expect(outputs[OUTPUT_NAMES.userPoolClientId].Value).toEqual({ Ref: resourcesOf('AWS::Cognito::UserPoolClient')[0][0] });
  });

  it('acknowledges cdk-nag’s MFA and Plus-plan findings with reasons, next to the pool', () => {
    const acknowledged = stack.built.stack.users.pool.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.map(([id]) => id.replace(/^.*::/, '')).sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(80);
  });
});
