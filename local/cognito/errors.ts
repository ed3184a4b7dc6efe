/**
 * Cognito's errors as the JSON protocol carries them: HTTP 400 (500 for the service's own
 * faults), `x-amzn-ErrorType` and `{"__type", "message"}`. The Amplify client and the AWS SDK
 * both turn `__type` into the error's name, so names and wording follow Cognito's.
 */
import { AwsJsonError } from '../aws-json/http.js';
import type { JsonProtocolErrorType } from '../aws-json/service.js';
import type { SignatureErrorType } from '../sigv4/json-request.js';

export type CognitoErrorType =
  | 'NotAuthorizedException'
  | 'AccessDeniedException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'InvalidPasswordException'
  | 'InvalidParameterException'
  | 'LimitExceededException'
  | 'ResourceNotFoundException'
  | 'UnsupportedOperationException'
  | 'AliasExistsException'
  | 'PasswordResetRequiredException'
  | JsonProtocolErrorType
  | SignatureErrorType;

export class CognitoError extends AwsJsonError<CognitoErrorType> {}

/** Wording Cognito uses, shared by the handlers that must answer alike (no user enumeration). */
export const wrongCredentials = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
export const codeMismatch = () => new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
export const codeExpired = () => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');
