/**
 * The unmodified aws-amplify client in Node, pointed at the local stack. The only shims are the
 * two the issue allows: a global WebSocket (Node 20 has none) that trusts the local certificate.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { installWebSocket } from '../../cli/websocket.js';
import type { LocalStack } from '../../local/stack.js';
import type { Blob } from '../../api/generated/graphql.js';
import { ON_BLOB_LABELLED } from './operations.js';

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

/**
 * Subscribes to onBlobLabelled for one blob and waits for the acknowledgement, so no event can be
 * missed; `event` resolves with the first event.
 */
export async function subscribeToLabelled(client: ReturnType<typeof configureAmplify>, id: string): Promise<{ event: Promise<Blob> }> {
  const acknowledged = subscriptionAcknowledged((v) => v.id === id);
  const event = new Promise<Blob>((resolve, reject) => {
    const subscription = (client.graphql({ query: ON_BLOB_LABELLED, variables: { id } }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({
      next: ({ data }: { data: { onBlobLabelled: Blob } }) => {
        subscription.unsubscribe();
        resolve(data.onBlobLabelled);
      },
      error: reject,
    });
  });
  await acknowledged;
  return { event }; // wrapped: an async function returning a bare promise would wait for it
}
