/**
 * Subscribes to onBlobLabelled(id) and reports when the realtime endpoint has acknowledged the
 * subscription: only from then on is an event guaranteed to reach us, so the upload waits for
 * it. aws-amplify tells of the acknowledgement and of the socket dropping and coming back only
 * on its Hub ('api' channel), not on the subscription itself.
 */
import { CONNECTION_STATE_CHANGE, ConnectionState, type GraphQLSubscription } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import type { Blob } from '../api/generated/graphql.js';
import type { BlobsGraphqlClient } from './config.js';
import { ON_BLOB_LABELLED, type OnBlobLabelledResult, type OnBlobLabelledVariables } from './documents.js';
import { ConnectionLostError } from './errors.js';
import { toClientError } from './graphql-errors.js';

export interface BlobSubscriptionHandlers {
  onBlob: (blob: Blob) => void;
  onError: (error: Error) => void;
  /** The socket dropped; aws-amplify is reconnecting and will resubscribe. */
  onDisrupted: () => void;
  /** The socket is back: events sent while it was down are lost, so look the blob up. */
  onReconnected: () => void;
}

export interface BlobSubscription {
  acknowledged: Promise<void>;
  stop: () => void;
}

const DISRUPTED: string[] = [ConnectionState.ConnectionDisrupted, ConnectionState.ConnectionDisruptedPendingNetwork];

export function subscribeToBlob(client: BlobsGraphqlClient, id: string, handlers: BlobSubscriptionHandlers, ackTimeoutMs: number): BlobSubscription {
  let isAcknowledged = false;
  let disrupted = false;
  let acknowledge!: () => void;
  let refuse!: (error: Error) => void;
  const acknowledged = new Promise<void>((resolve, reject) => {
    acknowledge = resolve;
    refuse = reject;
  });
  acknowledged.catch(() => {}); // a refusal is also reported through onError

  // Listen before subscribing, or a quick acknowledgement could pass unseen.
  const stopListening = Hub.listen('api', ({ payload }) => {
    const data = payload.data as { variables?: { id?: unknown }; connectionState?: string } | undefined;
    if (payload.event === 'Subscription ack' && data?.variables?.id === id && !isAcknowledged) {
      isAcknowledged = true;
      clearTimeout(ackTimer);
      acknowledge();
    } else if (payload.event === CONNECTION_STATE_CHANGE && isAcknowledged) {
      if (DISRUPTED.includes(data?.connectionState ?? '')) {
        if (!disrupted) handlers.onDisrupted();
        disrupted = true;
      } else if (data?.connectionState === ConnectionState.Connected && disrupted) {
        disrupted = false;
        handlers.onReconnected();
      }
    }
  });

  const fail = (error: Error) => {
    refuse(error);
    handlers.onError(error);
  };
  const ackTimer = setTimeout(() => fail(new ConnectionLostError(`the realtime endpoint did not acknowledge the subscription within ${ackTimeoutMs / 1000} s`)), ackTimeoutMs);

  const subscription = client
    .graphql<GraphQLSubscription<OnBlobLabelledResult>>({ query: ON_BLOB_LABELLED, variables: { id } satisfies OnBlobLabelledVariables })
    .subscribe({
      next: ({ data }) => {
        if (data?.onBlobLabelled) handlers.onBlob(data.onBlobLabelled);
      },
      error: (failure: unknown) => {
        const error = toClientError(failure, 'The realtime subscription');
        fail(error instanceof ConnectionLostError ? error : new ConnectionLostError(error.message));
      },
    });

  return {
    acknowledged,
    stop: () => {
      clearTimeout(ackTimer);
      stopListening();
      subscription.unsubscribe();
    },
  };
}
