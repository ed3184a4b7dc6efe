/**
 * A pool's password policy, as amplify_outputs.json names its fields. The local stack gives the
 * pool the one the synthesized template declares (infra/constructs/user-pool.ts is the only
 * declaration), so a password the local pool accepts is one AWS accepts too.
 */
import { CognitoError } from './errors.js';

export interface PasswordPolicy {
  min_length: number;
  require_lowercase: boolean;
  require_uppercase: boolean;
  require_numbers: boolean;
  require_symbols: boolean;
}

/** Cognito's own default, for a pool whose template sets no PasswordPolicy. */
export const COGNITO_DEFAULT_PASSWORD_POLICY: PasswordPolicy = { min_length: 8, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true };

// Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws InvalidPasswordException with Cognito's wording for the first rule broken. */
export function assertPasswordConforms(password: unknown, policy: PasswordPolicy): asserts password is string {
  if (typeof password !== 'string' || password.length === 0) throw new CognitoError('InvalidParameterException', '1 validation error detected: Value at \'password\' failed to satisfy constraint: Member must not be null');
  if (password.length > 256) throw new CognitoError('InvalidParameterException', "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256");
  const broken = (rule: string) => new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${rule}`);
  if (password.length < policy.min_length) throw broken('Password not long enough');
  if (policy.require_lowercase && !/[a-z]/.test(password)) throw broken('Password must have lowercase characters');
  if (policy.require_uppercase && !/[A-Z]/.test(password)) throw broken('Password must have uppercase characters');
  if (policy.require_numbers && !/[0-9]/.test(password)) throw broken('Password must have numeric characters');
  if (policy.require_symbols && !SYMBOL.test(password)) throw broken('Password must have symbol characters');
}
