/**
 * Secrets Manager's GetSecretValue over AWS's JSON 1.1 protocol, so the labelling function
 * reads the webhook secret by ARN exactly as it does on AWS (WEBHOOK_SECRET_ARN). Secrets are
 * given at start (the data directory keeps their values); SigV4 and the caller's
 * secretsmanager:GetSecretValue permission are checked on every call.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { IamAuthority } from '../iam/index.js';
import { closeServer, listen } from '../listen.js';
import { verifyJsonRequest } from '../sigv4/json-request.js';
import type { Credentials } from '../sigv4/verify.js';

export interface LocalSecret {
  arn: string;
  /** Absent: a secret stored as SecretBinary only, which GetSecretValue answers without SecretString. */
  value?: string;
}

export interface LocalSecretsManagerOptions {
  host?: string;
  port?: number;
  credentials: readonly Credentials[];
  authorize?: IamAuthority['authorize'];
  /** Looked up on every call, so a secret added to the list later is found. */
  secrets: readonly LocalSecret[];
}

const VERSION_ID = '00000000-0000-4000-8000-000000000001';

export async function startLocalSecretsManager(o: LocalSecretsManagerOptions): Promise<{ endpoint: string; close(): Promise<void> }> {
  const created = Date.now() / 1000;
  // An ARN ends in "<name>-<6 characters>"; SecretId may be either.
  const secretNamed = (id: string) => o.secrets.find((s) => s.arn === id || s.arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9]{6}$/, '') === id);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
    res.end(text);
  };
  const fail = (res: ServerResponse, type: string, message: string) => send(res, 400, { __type: type, message, Message: message });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const auth = verifyJsonRequest(req, body, { credentials: o.credentials, service: 'secretsmanager' });
    if (auth.refusal) return fail(res, auth.refusal.type, auth.refusal.message);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    if (operation !== 'GetSecretValue') return fail(res, 'UnknownOperationException', `The local Secrets Manager implements GetSecretValue; not ${operation || 'an empty X-Amz-Target'}`);
    let input: { SecretId?: unknown; VersionStage?: unknown };
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return fail(res, 'SerializationException', 'Request body is not valid JSON');
    }
    if (typeof input.SecretId !== 'string' || input.SecretId === '') return fail(res, 'InvalidParameterException', 'You must provide a SecretId.');
    const secret = secretNamed(input.SecretId);
    // IAM first, as AWS does: a caller without permission cannot learn whether a secret exists.
    const resource = secret?.arn ?? `arn:aws:secretsmanager:*:*:secret:${input.SecretId}`;
    const denied = o.authorize?.(auth.accessKeyId, 'secretsmanager:GetSecretValue', resource);
    if (denied) return fail(res, 'AccessDeniedException', denied.message);
    if (!secret) return fail(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const name = secret.arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9]{6}$/, '');
    send(res, 200, { ARN: secret.arn, Name: name, VersionId: VERSION_ID, VersionStages: ['AWSCURRENT'], CreatedDate: created, SecretString: secret.value });
  });
  const endpoint = await listen(server, o);
  return {
    endpoint,
    close: async () => {
      await closeServer(server);
    },
  };
}
