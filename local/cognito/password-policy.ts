/**
 * The pool's password policy: the same one the CDK user pool declares and amplify_outputs.json
 * advertises, so a password the local pool accepts is one AWS accepts too.
 */
import { CognitoError } from './errors.js';

export const PASSWORD_POLICY = {
  min_length: 8,
  require_lowercase: true,
  require_uppercase: true,
  require_numbers: true,
  require_symbols: true,
} as const;

// Cognito's symbol set: ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and space.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Throws InvalidPasswordException with Cognito's wording for the first rule broken. */
export function assertPasswordConforms(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length === 0) throw new CognitoError('InvalidParameterException', '1 validation error detected: Value at \'password\' failed to satisfy constraint: Member must not be null');
  if (password.length > 256) throw new CognitoError('InvalidParameterException', "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256");
  const broken = (rule: string) => new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${rule}`);
  if (password.length < PASSWORD_POLICY.min_length) throw broken('Password not long enough');
  if (!/[a-z]/.test(password)) throw broken('Password must have lowercase characters');
  if (!/[A-Z]/.test(password)) throw broken('Password must have uppercase characters');
  if (!/[0-9]/.test(password)) throw broken('Password must have numeric characters');
  if (!SYMBOL.test(password)) throw broken('Password must have symbol characters');
}
