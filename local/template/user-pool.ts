/** The user pool's settings the local pool takes from the template: its password policy. */
import type { PasswordPolicy } from '../cognito/password-policy.js';
import type { CfnTemplate } from './types.js';

type CfnPasswordPolicy = { MinimumLength?: number; RequireLowercase?: boolean; RequireUppercase?: boolean; RequireNumbers?: boolean; RequireSymbols?: boolean };

/** The PasswordPolicy of the template's one AWS::Cognito::UserPool; undefined when it sets none (Cognito's default applies). */
export function passwordPolicyOf(template: CfnTemplate): PasswordPolicy | undefined {
  const pools = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool');
  if (pools.length > 1) throw new Error(`The template has ${pools.length} user pools; the local runtime runs one`);
  const policy = (pools[0]?.[1].Properties?.Policies as { PasswordPolicy?: CfnPasswordPolicy } | undefined)?.PasswordPolicy;
  if (!policy) return undefined;
  // CloudFormation's defaults for fields a policy leaves out: length 8, each requirement off.
  return {
    min_length: policy.MinimumLength ?? 8,
    require_lowercase: policy.RequireLowercase ?? false,
    require_uppercase: policy.RequireUppercase ?? false,
    require_numbers: policy.RequireNumbers ?? false,
    require_symbols: policy.RequireSymbols ?? false,
  };
}
