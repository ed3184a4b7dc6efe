/**
 * A loopback proxy in front of the local Rekognition: it records every operation the labelling
 * function sends (X-Amz-Target and body) and, when told to, answers one operation with an AWS
 * error instead of forwarding it, so one feature can fail for real while the others go through,
 * or answers it itself (`answer`), so a test decides exactly which labels an image gets.
 * SigV4 covers the host header, so requests are forwarded byte for byte with their own host.
 * Any AWS JSON-protocol service works the same way (DynamoDB too: `startAwsJsonProxy`).
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  operation: string;
  body: Record<string, unknown>;
  /** The HTTP status it was answered with, once answered. */
  status?: number;
}

export async function startRekognitionProxy() {
  let target: URL | undefined;
  const faults = new Map<string, { status: number; type: string; message: string; times: number; skip: number }>();
  const calls: ProxiedCall[] = [];
  const answers = new Map<string, (body: Record<string, unknown>) => unknown>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^[^.]*\./, '');
      const call: ProxiedCall = { operation, body: JSON.parse(body.toString('utf8') || '{}') };
      calls.push(call);
      const fault = faults.get(operation);
      if (fault && fault.skip-- <= 0 && fault.times-- > 0) {
        call.status = fault.status;
        const text = JSON.stringify({ __type: fault.type, message: fault.message, Message: fault.message });
        res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'proxy-fault' }).end(text);
        return;
      }
      const answer = answers.get(operation)?.(JSON.parse(body.toString('utf8') || '{}'));
      if (answer !== undefined) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'proxy-answer' }).end(JSON.stringify(answer));
        return;
      }
      if (!target) return void res.writeHead(503).end();
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        call.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    forwardTo(endpoint: string) {
      target = new URL(endpoint);
    },
    /** Answer `operation` (e.g. DetectText) with this AWS error, the next `times` calls (default: until healed), after letting `skip` through. */
    fail(operation: string, fault: { status: number; type: string; message: string }, times = Infinity, skip = 0) {
      faults.set(operation, { ...fault, times, skip });
    },
    heal: () => faults.clear(),
    /** Answer `operation` with what `respond` returns for the request body; undefined forwards it. */
    answer(operation: string, respond: (body: Record<string, unknown>) => unknown) {
      answers.set(operation, respond);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The same proxy in front of any AWS JSON-protocol service (DynamoDB: operations such as BatchWriteItem). */
export const startAwsJsonProxy = startRekognitionProxy;
