import type { AppSyncFieldError, SubscriptionFilter, SubscriptionInvalidation } from './types.js';

/** What one handler call leaves behind besides its return value. */
export interface InvocationState {
  appendedErrors: AppSyncFieldError[];
  subscriptionFilter?: SubscriptionFilter;
  invalidationFilter?: SubscriptionFilter;
  invalidations: SubscriptionInvalidation[];
  authType: string;
  fieldName: string;
  parentTypeName: string;
}

/**
 * Resolver code runs synchronously, so the `util`/`extensions` modules given to the sandbox
 * can read "the current invocation" from here instead of being rebuilt per call.
 */
let current: InvocationState | undefined;

export function withInvocationState<T>(state: InvocationState, run: () => T): T {
  const previous = current;
  current = state;
  try {
    return run();
  } finally {
    current = previous;
  }
}

export function currentState(): InvocationState {
  if (!current) throw new Error('AppSync utilities called outside a resolver invocation');
  return current;
}
