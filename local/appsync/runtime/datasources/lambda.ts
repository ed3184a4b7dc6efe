/** AWS_LAMBDA: the handler runs in-process; AppSync's `Invoke` request carries the event as `payload`. */
import { randomUUID } from 'node:crypto';
import type { DataSourceBinding } from '../types.js';
import { DataSourceError, type DataSourceInvoker } from './invoker.js';

type Binding = Extract<DataSourceBinding, { type: 'AWS_LAMBDA' }>;

export function lambdaInvoker(binding: Binding): DataSourceInvoker {
  return {
    async invoke(request, { fieldName }) {
      const req = request as { operation?: string; payload?: unknown };
      if (req.operation !== 'Invoke' && req.operation !== 'BatchInvoke') {
        throw new DataSourceError(`Unsupported operation '${String(req.operation)}' for a Lambda data source`, 'Lambda:InvalidRequest');
      }
      const context = { awsRequestId: randomUUID(), functionName: fieldName, getRemainingTimeInMillis: () => 30_000, callbackWaitsForEmptyEventLoop: false };
      try {
        // Lambda hands the function a JSON copy of the payload, never the caller's objects.
        const event = JSON.parse(JSON.stringify(req.payload ?? null));
        const result = await binding.handler(event, context);
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } catch (error) {
        // AppSync surfaces an unhandled function error with the error's message and "Lambda:Unhandled".
        throw new DataSourceError((error as Error).message ?? 'Lambda invocation failed', 'Lambda:Unhandled');
      }
    },
  };
}
