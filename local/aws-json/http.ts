/**
 * The HTTP side of AWS's JSON 1.1 protocol, as the Cognito user pool and identity pool stand-ins
 * speak it to browsers and SDKs: CORS for any origin (no cookies are involved, as Cognito allows),
 * JSON answers with a request id, and a request body read up to a limit.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const AWS_JSON_TYPE = 'application/x-amz-json-1.1';

/** Whatever headers the caller asks to send, if they look like header names; else `allowHeaders`. */
export function corsHeaders(req: IncomingMessage, allowHeaders: string): Record<string, string> {
  const requested = String(req.headers['access-control-request-headers'] ?? '');
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers': /^[\w\-, ]*$/.test(requested) && requested ? requested : allowHeaders,
    'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, date',
    'access-control-max-age': '600',
  };
}

/** A service error as the JSON 1.1 protocol answers it: `__type` and `message`, and `x-amzn-errortype`. */
export class AwsJsonError<Type extends string = string> extends Error {
  constructor(
    readonly type: Type,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface JsonResponder {
  send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>, contentType?: string): void;
  sendError(req: IncomingMessage, res: ServerResponse, error: AwsJsonError): void;
  /** The answer to a CORS preflight. */
  preflight(req: IncomingMessage, res: ServerResponse): void;
}

export function jsonResponder(allowHeaders: string): JsonResponder {
  const send: JsonResponder['send'] = (req, res, status, body, extra = {}, contentType = AWS_JSON_TYPE) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...corsHeaders(req, allowHeaders), 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID(), ...extra });
    res.end(text);
  };
  return {
    send,
    sendError: (req, res, error) => send(req, res, error.status, { __type: error.type, message: error.message }, { 'x-amzn-errortype': error.type }),
    preflight(req, res) {
      res.writeHead(204, corsHeaders(req, allowHeaders));
      res.end();
    },
  };
}

/** The whole body, or `tooLarge()` thrown as soon as it passes `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
