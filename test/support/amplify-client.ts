/**
 * The unmodified aws-amplify client in Node, pointed at the local stack. The only shims are the
 * two the issue allows: a global WebSocket (Node 20 has none) that trusts the local certificate.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { installWebSocket } from '../../cli/websocket.js';
import type { LocalStack } from '../../local/stack.js';

export function configureAmplify(stack: Pick<LocalStack, 'outputs' | 'certPath' | 'credentials'>, mode: 'apiKey' | 'iam') {
  installWebSocket(stack.certPath);
  Amplify.configure(
    stack.outputs as never,
    mode === 'iam'
      ? {
          Auth: {
            credentialsProvider: {
              getCredentialsAndIdentityId: async () => ({ credentials: { ...stack.credentials } }),
              clearCredentialsAndIdentityId: () => {},
            },
          },
        }
      : undefined,
  );
  return generateClient({ authMode: mode });
}

/** Resolves when the realtime endpoint has acknowledged a subscription whose variables match. */
export function subscriptionAcknowledged(match: (variables: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('subscription was not acknowledged'));
    }, timeoutMs);
    const stop = Hub.listen('api', ({ payload }) => {
      const data = payload.data as { variables?: Record<string, unknown> } | undefined;
      if (payload.event === 'Subscription ack' && match(data?.variables ?? {})) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
}
