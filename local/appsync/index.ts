/**
 * The local AppSync-compatible engine: the same schema.graphql and APPSYNC_JS resolvers as the
 * deployed API, served over HTTP, TLS and AppSync's realtime websocket on one port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSourceSpec, ResolverSpec } from '../../api/wiring.js';
import { evaluateCodeMount } from './evaluate-code/index.js';
import { loadFieldResolvers } from './runtime/index.js';
import type { DataSourceBinding } from './runtime/types.js';
import type { AuthConfig } from './server/auth/authenticate.js';
import { createExecutor, type ExecutionOutcome, type GraphQLRequest, type RequestMeta } from './server/execute.js';
import { createHttpHandler, type HttpDeps, type Mount } from './server/http.js';
import { defaultLimits, type RequestLimits } from './server/limits.js';
import { listenDual } from '../tls/dual-listener.js';
import { createRealtimeHub } from './server/realtime/hub.js';
import { loadSchema } from './server/schema.js';
import type { Caller } from './server/auth/authenticate.js';

export { ensureLocalCertificate } from '../tls/certificate.js';
export type { AuthConfig } from './server/auth/authenticate.js';
export type { Mount } from './server/http.js';

export interface LocalAppSyncOptions {
  rootDir: string;
  schemaFile: string;
  resolvers: readonly ResolverSpec[];
  dataSources: Readonly<Record<string, DataSourceSpec>>;
  bindings: Readonly<Record<string, DataSourceBinding>>;
  /** AppSync's environment variables (ctx.env); none by default. */
  environment?: Readonly<Record<string, string>>;
  auth: AuthConfig;
  tls: { key: string; cert: string };
  host?: string;
  port?: number;
  limits?: Partial<RequestLimits>;
  /** Serves non-GraphQL GETs (the web page); return false to fall through to 404. */
  staticHandler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Other services on the same port, each under its own path (the local REST API). */
  mounts?: readonly Mount[];
  /** WAF in front of the API and the mounts; none by default. */
  firewall?: HttpDeps['firewall'];
}

export interface LocalAppSync {
  url: string;
  httpsUrl: string;
  realtimeUrl: string;
  port: number;
  /** Runs an operation in-process, as if it came over HTTP (benchmarks, tools). */
  execute(req: GraphQLRequest, caller: Caller, meta?: RequestMeta): Promise<ExecutionOutcome>;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

export async function startLocalAppSync(o: LocalAppSyncOptions): Promise<LocalAppSync> {
  const host = o.host ?? '127.0.0.1';
  const limits = { ...defaultLimits, ...o.limits };
  const [loaded, resolvers] = await Promise.all([
    loadSchema(o.rootDir, o.schemaFile),
    loadFieldResolvers({ rootDir: o.rootDir, resolvers: o.resolvers, dataSources: o.dataSources, bindings: o.bindings, environment: o.environment }),
  ]);
  const executor = createExecutor({
    loaded,
    resolvers,
    policy: { defaultMode: o.auth.defaultMode, userPoolDefaultAction: o.auth.userPool?.defaultAction },
    modes: [o.auth.defaultMode, ...o.auth.additionalModes],
    limits,
  });
  const hub = createRealtimeHub({ auth: o.auth, loaded, graphqlPath: GRAPHQL_PATH, startSubscription: executor.startSubscription });
  // A mutation's events go out before the subscriptions it invalidates are ended.
  const deliver = (outcome: ExecutionOutcome) => {
    hub.publish(outcome.published);
    hub.invalidate(outcome.invalidations);
  };
  const execute = async (req: GraphQLRequest, caller: Caller, meta: RequestMeta = { headers: {}, domainName: null }) => {
    const outcome = await executor.execute(req, caller, meta);
    deliver(outcome);
    return outcome;
  };
  const onRequest = createHttpHandler({
    auth: o.auth,
    maxBodyBytes: limits.maxRequestBytes,
    execute: executor.execute,
    onPublished: deliver,
    staticHandler: o.staticHandler,
    // AppSync's control-plane EvaluateCode on the same port, signed with the same IAM keys.
    mounts: [...(o.mounts ?? []), evaluateCodeMount(o.auth.iam)],
    firewall: o.firewall,
  });
  const listener = await listenDual({
    host,
    port: o.port ?? 0,
    tls: o.tls,
    onRequest: (req, res) => void onRequest(req, res),
    onUpgrade: (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://local').pathname === `${GRAPHQL_PATH}/realtime`) hub.handleUpgrade(req, socket, head);
      else socket.destroy();
    },
  });
  const authority = `${host.includes(':') ? `[${host}]` : host}:${listener.port}`;
  return {
    url: `http://${authority}${GRAPHQL_PATH}`,
    httpsUrl: `https://${authority}${GRAPHQL_PATH}`,
    realtimeUrl: `wss://${authority}${GRAPHQL_PATH}/realtime`,
    port: listener.port,
    execute,
    close: async () => {
      await hub.close();
      await listener.close();
    },
  };
}
