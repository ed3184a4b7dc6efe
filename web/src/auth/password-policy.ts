/**
 * Checks a new password against the pool's policy (amplify_outputs.json `auth.password_policy`)
 * before it is sent, in Amplify UI's words; the pool checks again and has the last word.
 */
import type { AmplifyOutputs } from '../../../client/index.js';

type Policy = NonNullable<NonNullable<AmplifyOutputs['auth']>['password_policy']>;

export function passwordProblems(password: string, policy: Policy | undefined): string[] {
  if (!policy) return [];
  const problems: string[] = [];
  if (policy.min_length && password.length < policy.min_length) problems.push(`Password must have at least ${policy.min_length} characters`);
  if (policy.require_uppercase && !/[A-Z]/.test(password)) problems.push('Password must have upper case letters');
  if (policy.require_lowercase && !/[a-z]/.test(password)) problems.push('Password must have lower case letters');
  if (policy.require_numbers && !/[0-9]/.test(password)) problems.push('Password must have numbers');
  if (policy.require_symbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) problems.push('Password must have special characters');
  return problems;
}

export function confirmationProblem(password: string, confirmation: string): string | undefined {
  return password === confirmation ? undefined : 'Your passwords must match';
}
