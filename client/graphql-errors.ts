/**
 * aws-amplify rejects a GraphQL call with `{ data, errors }` rather than an Error, both when the
 * API answers with errors and when the request never reached it (the network error is wrapped
 * as one of the `errors`, with the original as `originalError`). This tells the two apart.
 */
import { ConnectionLostError, RequestRejectedError, type BlobsClientError } from './errors.js';

interface AmplifyGraphqlFailure {
  errors?: Array<{ message?: string; errorType?: string; originalError?: { name?: string; message?: string } }>;
}

export function toClientError(failure: unknown, what: string): BlobsClientError | Error {
  const errors = (failure as AmplifyGraphqlFailure | undefined)?.errors;
  if (!Array.isArray(errors)) return failure instanceof Error ? failure : new Error(`${what} failed: ${String(failure)}`);
  const network = errors.find((e) => e.originalError?.name === 'NetworkError' || /network error|fetch failed|failed to fetch/i.test(e.message ?? ''));
  if (network) return new ConnectionLostError(`${what} could not reach the API (${network.originalError?.message ?? network.message})`);
  return new RequestRejectedError(errors.map((e) => ({ message: e.message ?? 'unknown error', errorType: e.errorType })));
}
