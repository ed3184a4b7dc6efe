/** Errors in AppSync's response shape. */
import type { GraphQLError } from 'graphql';

export interface AppSyncError {
  path: ReadonlyArray<string | number> | null;
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

export function toAppSyncError(error: GraphQLError, fallbackType: string | null = null): AppSyncError {
  const ext = (error.extensions ?? {}) as { errorType?: string | null; errorInfo?: unknown; data?: unknown };
  return {
    path: error.path ?? null,
    data: ext.data ?? null,
    errorType: ext.errorType !== undefined ? ext.errorType : fallbackType,
    errorInfo: ext.errorInfo ?? null,
    locations: error.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null,
    message: error.message,
  };
}

export function requestError(errorType: string, message: string): { errors: AppSyncError[] } {
  return { errors: [{ path: null, data: null, errorType, errorInfo: null, locations: null, message }] };
}

/**
 * The body AppSync gives a request it refuses at the HTTP level (401, 400, 413, …): the error's
 * type and message only. The type also goes in the `x-amzn-ErrorType` header, where the Amplify
 * client reads it (without it a refusal reaches the user as "Unknown error").
 */
export function protocolError(errorType: string, message: string): { errors: Array<{ errorType: string; message: string }> } {
  return { errors: [{ errorType, message }] };
}
