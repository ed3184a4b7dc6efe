/**
 * A local API Gateway (REST API, Lambda proxy integration): each HTTP request under the mount
 * path becomes an APIGatewayProxyEvent for the same handler the deployed API runs, in-process,
 * and its result is written back. What API Gateway itself answers is answered here the same way:
 * CORS preflight (the mock OPTIONS method, no key), 403 {"message":"Forbidden"} without a valid
 * x-api-key, 413 past its payload limit, 502 when the handler throws.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { matchResource } from './resources.js';

/** API Gateway's own request limit (10 MB); the handler sets its own, lower, one. */
const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

const PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'OPTIONS,GET,POST',
  'access-control-allow-headers': 'content-type,x-api-key,authorization,x-amz-date,x-amz-security-token',
  'access-control-max-age': '600',
};

export interface ApiGatewayProxyOptions {
  /** Where the API is mounted on the host (the stage path on AWS), e.g. `/rest`. */
  basePath: string;
  stage: string;
  resources: readonly string[];
  catchAll: string;
  apiKeys: () => readonly string[];
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
}

function send(res: ServerResponse, statusCode: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(statusCode, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

const gatewayError = (res: ServerResponse, statusCode: number, message: string, errorType: string) =>
  send(res, statusCode, { 'content-type': 'application/json', 'x-amzn-errortype': errorType, 'access-control-allow-origin': '*' }, JSON.stringify({ message }));

/** API Gateway's WAF_FILTERED gateway response: what a client gets when the stage's WAF blocks it. */
export const sendWafFiltered = (res: ServerResponse) => gatewayError(res, 403, 'Forbidden', 'ForbiddenException');

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > API_GATEWAY_MAX_BODY_BYTES) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= API_GATEWAY_MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      reject(new TooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Headers as API Gateway hands them over: single values (last wins) and every value per name. */
function headersOf(req: IncomingMessage) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

function queryOf(url: URL) {
  if (!url.search) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

export function createApiGatewayProxy(o: ApiGatewayProxyOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname.slice(o.basePath.length) || '/';
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return send(res, 204, PREFLIGHT_HEADERS, '');

    const { headers, multiValueHeaders } = headersOf(req);
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || !o.apiKeys().includes(key)) {
      req.resume();
      return gatewayError(res, 403, 'Forbidden', 'ForbiddenException');
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof TooLarge) return gatewayError(res, 413, 'Request Too Long', 'RequestTooLongException');
      throw error;
    }
    const match = matchResource(o.resources, path) ?? { resource: o.catchAll, pathParameters: { proxy: path.slice(1) } };
    const requestId = randomUUID();
    const event: APIGatewayProxyEvent = {
      resource: match.resource,
      path,
      httpMethod: method,
      headers,
      multiValueHeaders,
      ...queryOf(url),
      pathParameters: match.pathParameters,
      stageVariables: null,
      // The deployed API declares no binary media types, so API Gateway hands every body over as text.
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: null,
        protocol: `HTTP/${req.httpVersion}`,
        httpMethod: method,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: key,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          user: null,
          userAgent: req.headers['user-agent'] ?? null,
          userArn: null,
        },
        path: `${o.basePath}${path}`,
        stage: o.stage,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: match.resource,
      },
    };
    let result: APIGatewayProxyResult;
    try {
      result = await o.handler(event);
    } catch (error) {
      console.error(JSON.stringify({ level: 'ERROR', message: 'REST handler failed', requestId, error: (error as Error).message }));
      return gatewayError(res, 502, 'Internal server error', 'InternalServerErrorException');
    }
    const out: Record<string, string> = { 'x-amzn-requestid': requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) out[name.toLowerCase()] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) out[name.toLowerCase()] = values.map(String).join(', ');
    send(res, result.statusCode, out, result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  };
}
