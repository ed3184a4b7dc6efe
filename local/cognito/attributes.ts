/**
 * User attributes: which ones a caller may set, and the e-mail rules of a pool whose users sign
 * in by e-mail (`username_attributes: ["email"]`): the username is the address.
 */
import { CognitoError } from './errors.js';

const STANDARD = new Set(['address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname', 'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo']);
// Deliberately loose: Cognito's own check is lenient too, and the code goes to a console.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertEmailUsername(username: string): void {
  if (!EMAIL.test(username) || username.length > 128) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
}

/**
 * Attributes a sign-up or an admin may set. `email_verified` only by an admin; `sub` and
 * `cognito:*` never; `email`, when given, must be the username.
 */
export function writableAttributes(list: Array<{ Name: string; Value: string }>, o: { username: string; admin: boolean }): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of list) {
    const allowed = STANDARD.has(Name) || /^custom:[\w-]{1,20}$/.test(Name) || (o.admin && Name === 'email_verified');
    if (!allowed) throw new CognitoError('InvalidParameterException', `Attribute ${Name} cannot be set${Name === 'sub' || Name.startsWith('cognito:') ? ': it is managed by the user pool' : ' (not a standard or custom: attribute)'}.`);
    if (Value.length > 2048) throw new CognitoError('InvalidParameterException', `Attribute ${Name} is longer than 2048 characters.`);
    if (Name === 'email' && Value.trim().toLowerCase() !== o.username) throw new CognitoError('InvalidParameterException', 'The email attribute must be the username in this pool (users sign in by email).');
    if (Name === 'email_verified' && Value !== 'true' && Value !== 'false') throw new CognitoError('InvalidParameterException', 'email_verified must be "true" or "false".');
    attributes[Name] = Value;
  }
  return attributes;
}
