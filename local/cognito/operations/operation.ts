/** What an operation handler is, and the input checks every handler makes the same way. */
import { CognitoError } from '../errors.js';
import type { Pool } from '../pool.js';

export type Input = Record<string, unknown>;

export interface Operation {
  /** Admin operations need a SigV4 signature with the stack's credentials, as on AWS. */
  signed: boolean;
  handle(input: Input, pool: Pool): Promise<object>;
}

export type Operations = Record<string, Operation>;

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** A required string parameter, refused with Cognito's validation wording when missing. */
export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new CognitoError('InvalidParameterException', `1 validation error detected: Value at '${camel(name)}' failed to satisfy constraint: Member must not be null`);
  if (value.length > 2048) throw new CognitoError('InvalidParameterException', `1 validation error detected: Value at '${camel(name)}' failed to satisfy constraint: Member must have length less than or equal to 2048`);
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : requiredString(input, name);
}

export function stringMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new CognitoError('InvalidParameterException', `${name} must be a map of strings`);
  }
  return value as Record<string, string>;
}

export function attributeList(input: Input, name: string): Array<{ Name: string; Value: string }> {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((a) => typeof a?.Name !== 'string' || (a.Value !== undefined && typeof a.Value !== 'string'))) {
    throw new CognitoError('InvalidParameterException', `${name} must be a list of { Name, Value } strings`);
  }
  return value.map((a: { Name: string; Value?: string }) => ({ Name: a.Name, Value: a.Value ?? '' }));
}
