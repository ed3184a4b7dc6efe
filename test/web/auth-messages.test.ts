/**
 * What the sign-in dialog and `blobs login` say for each refusal: Cognito's sentences for the
 * errors Amplify passes on, one plain sentence for anything else (never a raw message or a stack),
 * and the password policy from amplify_outputs.json in Amplify UI's words.
 */
import { describe, expect, it } from 'vitest';
import { authErrorMessage } from '../../client/auth-messages.js';
import { confirmationProblem, passwordProblems } from '../../web/src/auth/password-policy.js';

const refusal = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('authErrorMessage', () => {
  it.each([
    ['NotAuthorizedException', 'Incorrect username or password.', 'Incorrect username or password.'],
    ['NotAuthorizedException', 'Password attempts exceeded', 'Password attempts exceeded'],
    ['UserNotFoundException', 'User does not exist.', 'User does not exist.'],
    ['UsernameExistsException', 'An account with the given email already exists.', 'An account with the given email already exists.'],
    ['CodeMismatchException', 'Invalid verification code provided, please try again.', 'Invalid verification code provided, please try again.'],
    ['ExpiredCodeException', 'Invalid code provided, please request a code again.', 'Invalid code provided, please request a code again.'],
    ['InvalidPasswordException', 'Password did not conform with policy: Password must have symbol characters', 'Password did not conform with policy: Password must have symbol characters'],
  ])('%s "%s" is shown as Cognito words it', (name, message, shown) => {
    expect(authErrorMessage(refusal(name, message))).toBe(shown);
  });

  it('falls back to Cognito’s wording by name when the message is not one to show', () => {
    expect(authErrorMessage(refusal('NotAuthorizedException', 'internal detail at Pool.check (/srv/pool.ts:12)'))).toBe('Incorrect username or password.');
    expect(authErrorMessage(refusal('CodeMismatchException'))).toBe('Invalid verification code provided, please try again.');
    expect(authErrorMessage(refusal('InvalidParameterException', ' 1 validation error detected: Value at \'password\' failed'))).toBe('Check the details you entered and try again.');
  });

  it('says the pool is unreachable for a network failure, and never echoes an unknown error', () => {
    expect(authErrorMessage(refusal('NetworkError', 'A network error has occurred.'))).toBe('Could not reach the sign-in service. Check that it is running, then try again.');
    expect(authErrorMessage(new TypeError('Failed to fetch'))).toBe('Could not reach the sign-in service. Check that it is running, then try again.');
    const unknown = new Error('Unexpected token < in JSON at position 0');
    unknown.stack = 'Error: Unexpected token\n    at parse (/srv/app.js:1:1)';
    expect(authErrorMessage(unknown)).toBe('Something went wrong. Try again.');
    expect(authErrorMessage(undefined)).toBe('Something went wrong. Try again.');
    expect(authErrorMessage('a string')).toBe('Something went wrong. Try again.');
  });
});

describe('password policy (Amplify UI’s words)', () => {
  const policy = { min_length: 8, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true };
  it('lists every rule a password breaks, and none for a good one', () => {
    expect(passwordProblems('short', policy)).toEqual(['Password must have at least 8 characters', 'Password must have upper case letters', 'Password must have numbers', 'Password must have special characters']);
    expect(passwordProblems('ALLUPPER12!', policy)).toEqual(['Password must have lower case letters']);
    expect(passwordProblems('Correct-Horse-9', policy)).toEqual([]);
    expect(passwordProblems('anything', undefined)).toEqual([]); // no policy in the outputs: the pool decides
  });
  it('wants the confirmation to match', () => {
    expect(confirmationProblem('Correct-Horse-9', 'Correct-Horse-8')).toBe('Your passwords must match');
    expect(confirmationProblem('Correct-Horse-9', 'Correct-Horse-9')).toBeUndefined();
  });
});
