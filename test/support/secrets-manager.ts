/**
 * A Secrets Manager endpoint for tests of the deployed secret path (WEBHOOK_SECRET_ARN): it
 * speaks the JSON protocol the SDK uses (`X-Amz-Target: secretsmanager.GetSecretValue`),
 * verifies SigV4 with the stand-ins' verifier, counts calls, and answers AWS errors on demand.
 * It is small on purpose: the labelling function's caching and retry are what is under test,
 * and their faults (a failed first read) are hard to cause in a real service.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPayload, verifySigV4, type Credentials } from '../../local/sigv4/verify.js';

export interface SecretsManagerFault {
  status: number;
  type: string;
  message: string;
}

export async function startSecretsManager(o: { region: string; accountId?: string; credentials: Credentials[] }) {
  const secrets = new Map<string, { name: string; value: string | undefined }>();
  const faults: SecretsManagerFault[] = [];
  const calls: Array<{ operation: string; secretId: unknown }> = [];
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'test' }).end(JSON.stringify(body));
  const error = (res: import('node:http').ServerResponse, f: SecretsManagerFault) => json(res, f.status, { __type: f.type, message: f.message, Message: f.message });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const auth = verifySigV4({ method: req.method ?? 'POST', path: url.pathname, query: url.searchParams, headers: req.headers, payloadHash: hashPayload(body) }, { credentials: o.credentials, service: 'secretsmanager' });
      if (!auth.ok) return error(res, { status: 400, type: auth.code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException', message: auth.message });
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const input = JSON.parse(body.toString('utf8') || '{}') as { SecretId?: string };
      calls.push({ operation, secretId: input.SecretId });
      const fault = faults.shift();
      if (fault) return error(res, fault);
      if (operation !== 'GetSecretValue') return error(res, { status: 400, type: 'InvalidRequestException', message: `${operation} is not served here` });
      const secret = input.SecretId ? secrets.get(input.SecretId) : undefined;
      if (!secret) return error(res, { status: 400, type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      json(res, 200, { ARN: input.SecretId, Name: secret.name, VersionId: '00000000-0000-4000-8000-000000000001', VersionStages: ['AWSCURRENT'], CreatedDate: Date.now() / 1000, ...(secret.value !== undefined && { SecretString: secret.value }) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Stores a secret; returns its ARN (what CloudFormation hands the function as WEBHOOK_SECRET_ARN). */
    put(name: string, value: string | undefined): string {
      const arn = `arn:aws:secretsmanager:${o.region}:${o.accountId ?? '000000000000'}:secret:${name}-AbCdEf`;
      secrets.set(arn, { name, value });
      return arn;
    },
    /** The next calls, one per fault, answer these errors instead. */
    failNext: (...f: SecretsManagerFault[]) => faults.push(...f),
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
