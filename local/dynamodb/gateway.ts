/**
 * DynamoDB's front door: dynalite answers DynamoDB's API but checks no signature, so this
 * verifies each request's SigV4, asks IAM whether the caller may perform the operation on the
 * table (or index) it names, and only then forwards it to dynalite, which listens on loopback.
 */
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { IamAuthority } from '../iam/index.js';
import { verifyJsonRequest } from '../sigv4/json-request.js';
import type { Credentials } from '../sigv4/verify.js';

export interface DynamoDBGatewayOptions {
  /** dynalite's endpoint. */
  upstream: string;
  region: string;
  accountId: string;
  credentials: readonly Credentials[];
  authorize: IamAuthority['authorize'];
}

type Input = { TableName?: string; IndexName?: string; RequestItems?: Record<string, unknown>; TransactItems?: Array<Record<string, { TableName?: string }>> };

export function createDynamoDBGateway(o: DynamoDBGatewayOptions) {
  const upstream = new URL(o.upstream);
  const agent = new Agent({ keepAlive: true });
  const tableArn = (table: string) => `arn:aws:dynamodb:${o.region}:${o.accountId}:table/${table}`;

  /** Every resource the operation touches: its table, the index it queries, each table of a batch. */
  function resourcesOf(input: Input): string[] {
    if (input.TableName) return [input.IndexName ? `${tableArn(input.TableName)}/index/${input.IndexName}` : tableArn(input.TableName)];
    if (input.RequestItems) return Object.keys(input.RequestItems).map(tableArn);
    if (input.TransactItems) return input.TransactItems.flatMap((item) => Object.values(item).map((op) => tableArn(String(op.TableName))));
    return [tableArn('*')];
  }

  function refuse(res: ServerResponse, type: string, message: string) {
    const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, Message: message, message });
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': crypto.randomUUID() });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const auth = verifyJsonRequest(req, body, { credentials: o.credentials, service: 'dynamodb' });
    if (auth.refusal) return refuse(res, auth.refusal.type, auth.refusal.message);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    let input: Input = {};
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Input;
    } catch {
      // dynalite answers malformed JSON with DynamoDB's own SerializationException.
    }
    for (const resource of resourcesOf(input)) {
      const denied = o.authorize(auth.accessKeyId, `dynamodb:${operation}`, resource);
      if (denied) return refuse(res, 'AccessDeniedException', denied.message);
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    forwarded.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  return { server, close: () => agent.destroy() };
}
