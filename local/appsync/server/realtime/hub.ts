/**
 * AppSync's realtime protocol over `ws`: connection_init/ack, ka, start/start_ack, data, stop/complete.
 * Holds every live subscription, fans a published mutation result out to the matching ones, and
 * ends the ones a mutation invalidates (a `complete` the client did not ask for).
 */
import { requestLimits } from '../../../../api/request-limits.js';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FieldNode, GraphQLOutputType } from 'graphql';
import { matchesSubscriptionFilter } from '../../runtime/filters.js';
import type { SubscriptionFilter } from '../../runtime/types.js';
import { authenticate, AuthError, type AuthConfig, type Caller } from '../auth/authenticate.js';
import type { AppSyncError } from '../errors.js';
import type { GraphQLRequest, Invalidation, Published, RequestMeta } from '../execute.js';
import type { LoadedSchema } from '../schema.js';
import { shapeForSubscriber, type Denial, type Fragments } from '../selection.js';
import { handshakeHeaders, lowerCaseKeys } from './handshake.js';

export const CONNECTION_TIMEOUT_MS = 300_000;
const KEEP_ALIVE_MS = 30_000;
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
// AppSync's quota on one event, declared with the other request limits.
const MAX_PAYLOAD_BYTES = requestLimits.maxSubscriptionEventBytes;

type StartResult =
  | { ok: true; fieldName: string; args: Record<string, unknown>; field: FieldNode; fragments: Fragments; subscriptionFilter?: SubscriptionFilter; invalidationFilter?: SubscriptionFilter }
  | { ok: false; errors: AppSyncError[] };

export interface HubDeps {
  auth: AuthConfig;
  loaded: LoadedSchema;
  graphqlPath: string;
  startSubscription(req: GraphQLRequest, caller: Caller, meta: RequestMeta): Promise<StartResult>;
}

interface Subscription {
  id: string;
  socket: WebSocket;
  fieldName: string;
  args: Record<string, unknown>;
  field: FieldNode;
  fragments: Fragments;
  filter?: SubscriptionFilter;
  invalidationFilter?: SubscriptionFilter;
  /** A Lambda-authorised subscriber's deniedFields, nulled in each event it gets. */
  deniedFields?: ReadonlySet<string>;
  /** Takes it out of its connection and of the fan-out, as a `stop` does. */
  remove(): void;
}

export function createRealtimeHub(deps: HubDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });
  const byField = new Map<string, Map<string, Subscription>>();
  const subscriptionKey = (socketId: number, id: string) => `${socketId}:${id}`;
  let nextSocketId = 0;

  const send = (socket: WebSocket, message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  // AppSync adds the HTTP status as errorCode; Amplify stops retrying on 400/401/403.
  const errorOf = (e: unknown) => (e instanceof AuthError ? [{ errorType: e.errorType, message: e.message, errorCode: e.status }] : [{ errorType: 'InternalFailure', message: 'Authorization failed', errorCode: 500 }]);
  const sourceIp = (req: IncomingMessage) => req.socket.remoteAddress ?? '127.0.0.1';

  function onConnection(socket: WebSocket, req: IncomingMessage) {
    const socketId = nextSocketId++;
    const mine = new Map<string, Subscription>();
    // Ids whose start is still being authorised and resolved: they count against the limit and
    // for duplicates already, or a burst of starts could all pass the checks before any lands.
    const starting = new Set<string>();
    let acknowledged = false;
    let keepAlive: NodeJS.Timeout | undefined;
    const handshake = handshakeHeaders(req);

    const authorize = async (headers: Record<string, string> | undefined, path: string, body: string): Promise<Caller> => {
      if (!headers) throw new AuthError(401, 'UnauthorizedException', 'Valid authorization header not provided.');
      return authenticate({ method: 'POST', path, headers, body, sourceIp: sourceIp(req) }, deps.auth);
    };

    socket.on('message', async (raw) => {
      let message: { type?: string; id?: string; payload?: { data?: string; extensions?: { authorization?: Record<string, unknown> } } };
      try {
        message = JSON.parse(raw.toString());
      } catch {
        send(socket, { type: 'error', payload: { errors: [{ errorType: 'MessageParsingError', message: 'Message is not valid JSON.' }] } });
        return;
      }
      switch (message.type) {
        case 'connection_init': {
          try {
            await authorize(handshake, `${deps.graphqlPath}/connect`, '{}');
          } catch (error) {
            send(socket, { type: 'connection_error', payload: { errors: errorOf(error) } });
            socket.close(1000);
            return;
          }
          acknowledged = true;
          send(socket, { type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
          keepAlive = setInterval(() => send(socket, { type: 'ka' }), KEEP_ALIVE_MS);
          keepAlive.unref();
          send(socket, { type: 'ka' });
          return;
        }
        case 'start': {
          const id = message.id;
          const fail = (errors: unknown[]) => send(socket, { id, type: 'error', payload: { errors } });
          if (!id) return fail([{ errorType: 'BadRequestException', message: 'A start message needs an id.' }]);
          if (!acknowledged) return fail([{ errorType: 'BadRequestException', message: 'Send connection_init first.' }]);
          if (mine.has(id) || starting.has(id)) return fail([{ errorType: 'BadRequestException', message: `Subscription id ${id} is already in use.` }]);
          if (mine.size + starting.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) return fail([{ errorType: 'LimitExceededError', message: `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection.` }]);
          const data = message.payload?.data;
          let request: GraphQLRequest;
          try {
            request = JSON.parse(String(data)) as GraphQLRequest;
          } catch {
            return fail([{ errorType: 'BadRequestException', message: 'payload.data must be a JSON string of {query, variables}.' }]);
          }
          const headers = message.payload?.extensions?.authorization ? lowerCaseKeys(message.payload.extensions.authorization) : undefined;
          let started: StartResult;
          let caller: Caller;
          starting.add(id);
          try {
            try {
              caller = await authorize(headers, deps.graphqlPath, String(data));
            } catch (error) {
              return fail(errorOf(error));
            }
            started = await deps.startSubscription(request, caller, { headers: headers ?? {}, domainName: null });
          } catch (error) {
            console.error(JSON.stringify({ level: 'ERROR', message: 'subscription start failed', error: (error as Error).message }));
            return fail([{ errorType: 'InternalFailure', message: 'The subscription could not be started.' }]);
          } finally {
            starting.delete(id);
          }
          if (!started.ok) return fail(started.errors.map((e) => ({ errorType: e.errorType, message: e.message })));
          if (socket.readyState !== socket.OPEN) return;
          const key = subscriptionKey(socketId, id);
          let forField = byField.get(started.fieldName);
          if (!forField) byField.set(started.fieldName, (forField = new Map()));
          const fanOut = forField;
          const subscription: Subscription = {
            id,
            socket,
            fieldName: started.fieldName,
            args: started.args,
            field: started.field,
            fragments: started.fragments,
            filter: started.subscriptionFilter,
            invalidationFilter: started.invalidationFilter,
            deniedFields: caller.deniedFields,
            remove: () => {
              mine.delete(id);
              fanOut.delete(key);
            },
          };
          mine.set(id, subscription);
          fanOut.set(key, subscription);
          send(socket, { id, type: 'start_ack' });
          return;
        }
        case 'stop': {
          if (message.id) mine.get(message.id)?.remove();
          send(socket, { id: message.id, type: 'complete' });
          return;
        }
        default:
          send(socket, { id: message.id, type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation', message: `Unknown message type ${String(message.type)}` }] } });
      }
    });
    socket.on('close', () => {
      clearInterval(keepAlive);
      for (const s of [...mine.values()]) s.remove();
    });
    socket.on('error', () => socket.terminate());
  }

  wss.on('connection', onConnection);

  /** AppSync's matching: each non-null subscription argument equals the same-named result field, then the enhanced filter. */
  function matches(s: Subscription, value: Record<string, unknown>): boolean {
    for (const [name, expected] of Object.entries(s.args)) {
      if (expected === null || expected === undefined) continue;
      if (String(value[name]) !== String(expected) || value[name] === undefined || value[name] === null) return false;
    }
    return s.filter ? matchesSubscriptionFilter(s.filter, value) : true;
  }

  /**
   * The event for a subscriber with deniedFields, shaped for it alone: what it may not see is
   * null, and the payload carries the errors (`data` then `,"errors":…`, as `shaped` is spliced).
   */
  function shapedWithDenial(s: Subscription, value: Record<string, unknown>, type: GraphQLOutputType | undefined, key: string): string {
    const denial: Denial = { denied: s.deniedFields!, errors: [] };
    const data = JSON.stringify({ [key]: shapeForSubscriber(value, s.field.selectionSet, s.fragments, type, denial, [key]) });
    return denial.errors.length ? `${data},"errors":${JSON.stringify(denial.errors)}` : data;
  }

  function publish(published: Published[]): number {
    let delivered = 0;
    for (const p of published) {
      for (const fieldName of deps.loaded.subscriptionsByMutation.get(p.mutationField) ?? []) {
        const type = deps.loaded.schema.getSubscriptionType()?.getFields()[fieldName]?.type;
        // Subscribers that sent the same document share its (cached) field node: shape and serialise
        // the value once per distinct selection, not once per socket.
        const shapedBySelection = new Map<FieldNode, string>();
        for (const s of byField.get(fieldName)?.values() ?? []) {
          if (!matches(s, p.value)) continue;
          const key = s.field.alias?.value ?? s.field.name.value;
          let shaped = s.deniedFields ? shapedWithDenial(s, p.value, type, key) : shapedBySelection.get(s.field);
          if (shaped === undefined) {
            shaped = JSON.stringify({ [key]: shapeForSubscriber(p.value, s.field.selectionSet, s.fragments, type) });
            shapedBySelection.set(s.field, shaped);
          }
          // Byte for byte what JSON.stringify({ id, type: 'data', payload: { data, errors } }) gives.
          const text = `{"id":${JSON.stringify(s.id)},"type":"data","payload":{"data":${shaped}}}`;
          if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
            send(s.socket, { id: s.id, type: 'error', payload: { errors: [{ errorType: 'PayloadTooLarge', message: `Subscription payload exceeds ${MAX_PAYLOAD_BYTES / 1024} KB.` }] } });
            continue;
          }
          if (s.socket.readyState === s.socket.OPEN) {
            s.socket.send(text);
            delivered++;
          }
        }
      }
    }
    return delivered;
  }

  /**
   * AppSync's invalidation: each subscription to the named field whose invalidation filter matches
   * the payload is ended, and its client told with the `complete` that otherwise answers its own
   * `stop`. A subscription without an invalidation filter is never invalidated.
   */
  function invalidate(invalidations: readonly Invalidation[]): number {
    let ended = 0;
    for (const { subscriptionField, payload } of invalidations) {
      for (const s of [...(byField.get(subscriptionField)?.values() ?? [])]) {
        if (!s.invalidationFilter || !matchesSubscriptionFilter(s.invalidationFilter, payload)) continue;
        s.remove();
        send(s.socket, { id: s.id, type: 'complete' });
        ended++;
      }
    }
    return ended;
  }

  return {
    handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    publish,
    invalidate,
    subscriptionCount: () => [...byField.values()].reduce((n, m) => n + m.size, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
