/**
 * DynamoDB's JSON protocol (x-amz-json-1.0) over keep-alive sockets, SigV4-signed. The data
 * source's requests are already DynamoDB JSON, so this is all it needs of a client; the AWS SDK's
 * middleware stack (serde, endpoint rules, retry strategy, signer) cost more CPU per call than the
 * rest of a blob(id) request together (bench/BENCHMARKS.md).
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { hashPayload, signatureOf, signingKey } from '../../../sigv4/verify.js';

/** A DynamoDB error answer: `name` is the exception name, as the SDK would report it. */
export class DynamoDBCallError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Network errors and 5xx answers are retried once, as the SDK client was configured (maxAttempts 2). */
const MAX_ATTEMPTS = 2;

export function dynamodbHttpClient(o: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }) {
  const url = new URL(o.endpoint);
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  let keyDay = '';
  let key: Buffer = Buffer.alloc(0);

  function authorization(target: string, body: string, amzDate: string): string {
    const day = amzDate.slice(0, 8);
    if (day !== keyDay) {
      key = signingKey(o.credentials.secretAccessKey, day, o.region, 'dynamodb');
      keyDay = day;
    }
    const scope = `${day}/${o.region}/dynamodb/aws4_request`;
    const canonical = `POST\n/\n\ncontent-type:${CONTENT_TYPE}\nhost:${url.host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n\n${SIGNED_HEADERS}\n${hashPayload(body)}`;
    const signature = signatureOf(key, amzDate, scope, canonical);
    return `AWS4-HMAC-SHA256 Credential=${o.credentials.accessKeyId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
  }

  function once(target: string, body: string, fresh = false): Promise<{ status: number; text: string }> {
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      host: url.host,
      'x-amz-date': amzDate,
      'x-amz-target': target,
      authorization: authorization(target, body, amzDate),
    };
    if (o.credentials.sessionToken) headers['x-amz-security-token'] = o.credentials.sessionToken;
    return new Promise((resolve, reject) => {
      // A retry after a network error goes on a new connection: the pooled one may be what failed.
      const req = send({ hostname: url.hostname, port: url.port, path: '/', method: 'POST', agent: fresh ? false : agent, headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    /** One DynamoDB API call, e.g. call('GetItem', { TableName, Key }); resolves to the parsed answer. */
    async call(operation: string, input: object): Promise<Record<string, any>> {
      const target = `DynamoDB_20120810.${operation}`;
      const body = JSON.stringify(input);
      for (let attempt = 1; ; attempt++) {
        let answer: { status: number; text: string };
        try {
          answer = await once(target, body, attempt > 1);
        } catch (error) {
          if (attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
        if (answer.status >= 500 && attempt < MAX_ATTEMPTS) continue;
        const parsed = (answer.text ? JSON.parse(answer.text) : {}) as Record<string, any>;
        if (answer.status === 200) return parsed;
        // "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
        const name = String(parsed.__type ?? 'DynamoDbException').split('#').pop()!;
        throw new DynamoDBCallError(name, String(parsed.message ?? parsed.Message ?? `DynamoDB answered HTTP ${answer.status} (${name})`));
      }
    },
    destroy: () => agent.destroy(),
  };
}
