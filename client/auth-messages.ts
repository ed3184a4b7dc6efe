/**
 * What the sign-in forms (and `blobs login`) say when Cognito (or the local pool) refuses: the sentences Amplify UI's
 * Authenticator shows for the same errors, which are Cognito's own messages. Only known error
 * names are passed through; anything else becomes a plain sentence, never a stack or a raw dump.
 */

/** Cognito's wording per error name, for when its message is missing or not one a person should read. */
const COGNITO_WORDING: Record<string, string> = {
  NotAuthorizedException: 'Incorrect username or password.',
  UserNotFoundException: 'User does not exist.',
  UsernameExistsException: 'An account with the given email already exists.',
  UserNotConfirmedException: 'User is not confirmed.',
  CodeMismatchException: 'Invalid verification code provided, please try again.',
  ExpiredCodeException: 'Invalid code provided, please request a code again.',
  InvalidPasswordException: 'Password did not conform with policy.',
  LimitExceededException: 'Attempt limit exceeded, please try after some time.',
  TooManyRequestsException: 'Too many requests, please try after some time.',
  TooManyFailedAttemptsException: 'Too many failed attempts, please try after some time.',
  InvalidParameterException: 'Check the details you entered and try again.',
};

/** Cognito messages that are safe and useful to show as they are (they name the policy rule or the lockout). */
const SHOW_AS_IS = [/^Incorrect username or password\.$/, /^Password attempts exceeded$/, /^User does not exist\.$/, /^Password did not conform with policy: [\w .,'-]+$/, /^Invalid (verification )?code provided, please (try again|request a code again)\.$/, /^An account with the given email already exists\.$/, /^User is not confirmed\.$/, /^User cannot be confirmed\. Current status is CONFIRMED$/, /^Attempt limit exceeded, please try after some time\.$/];

const AMPLIFY_VALIDATION: Record<string, string> = {
  EmptySignInUsername: 'Enter your email.',
  EmptySignInPassword: 'Enter your password.',
  EmptySignUpUsername: 'Enter your email.',
  EmptySignUpPassword: 'Enter a password.',
  EmptyConfirmSignUpCode: 'Enter the confirmation code.',
  EmptyConfirmResetPasswordConfirmationCode: 'Enter the code.',
  EmptyConfirmResetPasswordNewPassword: 'Enter a new password.',
  EmptyResetPasswordUsername: 'Enter your email.',
};

export function authErrorMessage(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  if (typeof message === 'string' && SHOW_AS_IS.some((pattern) => pattern.test(message))) return message;
  if (name && COGNITO_WORDING[name]) return COGNITO_WORDING[name];
  if (name && AMPLIFY_VALIDATION[name]) return AMPLIFY_VALIDATION[name];
  if (name === 'NetworkError' || /failed to fetch|network error/i.test(message ?? '')) {
    return 'Could not reach the sign-in service. Check that it is running, then try again.';
  }
  if (name === 'UnsupportedSignInStep') return 'This account needs a sign-in step this page does not offer (such as MFA).';
  if (name === 'UserAlreadyAuthenticatedException') return 'You are already signed in.';
  return 'Something went wrong. Try again.';
}
