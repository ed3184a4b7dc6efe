/**
 * The request side of AWS's JSON 1.1 protocol, as both Cognito stand-ins serve it: a CORS
 * preflight, public documents at fixed GET paths (the issuers' JWKS and OpenID configuration),
 * and `POST /` naming its operation in `X-Amz-Target: <prefix><Operation>` with a JSON object
 * body. Errors are the service's AwsJsonErrors; anything else is logged without the request (it
 * holds passwords or login tokens) and answered as InternalErrorException.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsJsonError, jsonResponder, readBody } from './http.js';

/** The protocol's own errors, which every JSON 1.1 service answers alike. */
export type JsonProtocolErrorType = 'SerializationException' | 'UnknownOperationException' | 'RequestEntityTooLargeException' | 'InternalErrorException';

const protocolError = (type: JsonProtocolErrorType, message: string, status?: number) => new AwsJsonError(type, message, status);

export interface JsonOperation {
  /** Runs before the body is parsed, on the raw body (a signature check); throws to refuse. */
  admit?(req: IncomingMessage, body: Buffer, name: string): void;
  handle(input: Record<string, unknown>): Promise<unknown>;
}

export interface JsonServiceOptions {
  /** Used in log lines and refusals, e.g. "local user pool". */
  name: string;
  targetPrefix: string;
  maxBodyBytes: number;
  /** The request headers browsers may send (CORS). */
  allowHeaders: string;
  /** GET and HEAD answers by path; `cacheSeconds` sets a public max-age. */
  documents: Readonly<Record<string, { body: unknown; cacheSeconds?: number }>>;
  operation(name: string): JsonOperation | undefined;
}

export function jsonServiceHandler(o: JsonServiceOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { send, sendError, preflight } = jsonResponder(o.allowHeaders);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return preflight(req, res);
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const document = Object.hasOwn(o.documents, path) ? o.documents[path] : undefined;
      if (!document) return send(req, res, 404, { message: 'Not Found' }, {}, 'application/json');
      return send(req, res, 200, document.body, document.cacheSeconds ? { 'cache-control': `public, max-age=${document.cacheSeconds}` } : {}, 'application/json');
    }
    if (req.method !== 'POST' || path !== '/') throw protocolError('UnknownOperationException', 'Use POST / with an X-Amz-Target header', 404);
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(o.targetPrefix) ? target.slice(o.targetPrefix.length) : '';
    const operation = name ? o.operation(name) : undefined;
    if (!operation) throw protocolError('UnknownOperationException', name ? `The ${o.name} does not implement ${name}` : 'Missing or unknown X-Amz-Target');
    const body = await readBody(req, o.maxBodyBytes, () => protocolError('RequestEntityTooLargeException', 'Request body is too large', 413));
    operation.admit?.(req, body, name);
    send(req, res, 200, await operation.handle(jsonObject(body)));
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof AwsJsonError) return sendError(req, res, error);
      console.error(JSON.stringify({ level: 'ERROR', message: `${o.name} failed`, error: (error as Error).message }));
      sendError(req, res, protocolError('InternalErrorException', 'Internal error', 500));
    });
  };
}

function jsonObject(body: Buffer): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw protocolError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw protocolError('SerializationException', 'Request body must be a JSON object');
  return input as Record<string, unknown>;
}
