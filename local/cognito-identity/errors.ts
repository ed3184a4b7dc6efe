/**
 * Cognito Identity's errors as its JSON protocol carries them (HTTP 400, `x-amzn-ErrorType`,
 * `{"__type", "message"}`): the AWS SDK and Amplify turn `__type` into the error's name, so
 * names and wording follow the service's.
 */
import { AwsJsonError } from '../aws-json/http.js';
import type { JsonProtocolErrorType } from '../aws-json/service.js';

export type IdentityErrorType =
  | 'NotAuthorizedException'
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'InvalidIdentityPoolConfigurationException'
  | JsonProtocolErrorType;

export class IdentityError extends AwsJsonError<IdentityErrorType> {}

export const guestsRefused = () => new IdentityError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
export const loginsMismatch = () => new IdentityError('NotAuthorizedException', "Logins don't match. Please include at least one valid login for this identity or identity pool.");
export const invalidParameter = (name: string, constraint = 'Member must not be null') =>
  new IdentityError('InvalidParameterException', `1 validation error detected: Value at '${name}' failed to satisfy constraint: ${constraint}`);
