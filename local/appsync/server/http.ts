/** POST /graphql and GET /health, with AppSync's request and response shapes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, AuthError, type AuthConfig } from './auth/authenticate.js';
import { protocolError } from './errors.js';
import type { ExecutionOutcome, GraphQLRequest, RequestMeta } from './execute.js';
import type { Caller } from './auth/authenticate.js';

export interface HttpDeps {
  auth: AuthConfig;
  maxBodyBytes: number;
  execute(req: GraphQLRequest, caller: Caller, meta: RequestMeta): Promise<ExecutionOutcome>;
  onPublished(outcome: ExecutionOutcome): void;
  staticHandler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  mounts?: readonly Mount[];
  /** AWS WAF in front of the API and the mounts (local/waf): asked first, as WAF is on AWS. */
  firewall?: { blocks(req: IncomingMessage): boolean };
}

/** Another HTTP service sharing the port: every request at `basePath` or below, any method, is its own to answer. */
export interface Mount {
  basePath: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** How this service answers a request WAF blocked; none for local-only endpoints, which no WAF fronts. */
  wafBlocked?(res: ServerResponse): void;
}

const mountFor = (mounts: readonly Mount[] | undefined, pathname: string) =>
  mounts?.find((m) => pathname === m.basePath || pathname.startsWith(`${m.basePath}/`));

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'content-type,x-api-key,authorization,x-amz-date,x-amz-security-token,x-amz-user-agent,x-amz-content-sha256',
  'access-control-max-age': '86400',
};

// Flat [name, value, …] form: writeHead takes it as is, without walking an object per response.
const JSON_AND_CORS = ['content-type', 'application/json; charset=UTF-8', ...Object.entries(CORS_HEADERS).flat()];

function send(res: ServerResponse, status: number, body: unknown, extraHeaders: string[] = []): void {
  const text = JSON.stringify(body);
  res.writeHead(status, [...JSON_AND_CORS, ...extraHeaders, 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}

/** Every refusal at the HTTP level: AppSync's body and its `x-amzn-ErrorType` header, whatever the status. */
function sendError(res: ServerResponse, status: number, errorType: string, message: string): void {
  send(res, status, protocolError(errorType, message), ['x-amzn-ErrorType', errorType]);
}

/** A request WAF blocked, as AppSync answers it: HTTP 403 and this body (no GraphQL runs). */
function sendWafBlock(res: ServerResponse): void {
  send(res, 403, { errors: [{ errorType: 'WAFForbiddenException', message: '403 Forbidden' }] }, ['x-amzn-ErrorType', 'WAFForbiddenException']);
}

export class BodyTooLarge extends Error {}

/** The whole body, by stream events (an async iterator per request cost more than the read). */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** The path of a request target, without its query string. */
function pathnameOf(target: string | undefined): string {
  if (!target) return '/';
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  // Absolute-form targets (proxies) are rare; let URL handle them.
  return path.startsWith('/') ? path : new URL(target, 'http://local').pathname;
}

/** Request headers as resolvers see them (ctx.request.headers): one string per name. */
function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    out[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
  }
  return out;
}

export function createHttpHandler(deps: HttpDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = { pathname: pathnameOf(req.url) };
    try {
      const mount = mountFor(deps.mounts, url.pathname);
      if (mount) return mount.wafBlocked && deps.firewall?.blocks(req) ? mount.wafBlocked(res) : await mount.handle(req, res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS).end();
        return;
      }
      if (url.pathname === '/health' && req.method === 'GET') return send(res, 200, { status: 'ok' });
      if (url.pathname === '/graphql') {
        if (deps.firewall?.blocks(req)) return sendWafBlock(res);
        if (req.method !== 'POST') return sendError(res, 405, 'BadRequestException', 'Use POST for GraphQL requests.');
        let raw: string;
        try {
          raw = await readBody(req, deps.maxBodyBytes);
        } catch (error) {
          if (error instanceof BodyTooLarge) return sendError(res, 413, 'BadRequestException', `Request body exceeds ${deps.maxBodyBytes} bytes.`);
          throw error;
        }
        let caller: Caller;
        try {
          caller = await authenticate({ method: 'POST', path: url.pathname, headers: req.headers, body: raw, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' }, deps.auth);
        } catch (error) {
          if (error instanceof AuthError) return sendError(res, error.status, error.errorType, error.message);
          throw error;
        }
        let body: GraphQLRequest;
        try {
          body = JSON.parse(raw) as GraphQLRequest;
        } catch {
          return sendError(res, 400, 'MalformedHttpRequestException', 'Invalid JSON payload in POST request.');
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'MalformedHttpRequestException', 'The request body must be a JSON object with a "query".');
        if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
          return sendError(res, 400, 'MalformedHttpRequestException', '"variables" must be a JSON object.');
        }
        const outcome = await deps.execute(body, caller, { headers: flatHeaders(req.headers), domainName: null });
        send(res, 200, outcome.body);
        deps.onPublished(outcome);
        return;
      }
      if (deps.staticHandler && req.method === 'GET' && (await deps.staticHandler(req, res))) return;
      sendError(res, 404, 'NotFoundException', `No route for ${req.method} ${url.pathname}`);
    } catch (error) {
      // Never leak internals: the log gets the detail, the client a generic error.
      console.error(JSON.stringify({ level: 'ERROR', message: 'engine request failed', error: (error as Error).message }));
      if (!res.headersSent) sendError(res, 500, 'InternalFailure', 'An internal failure occurred.');
    }
  };
}
