/**
 * A failed SigV4 check on the JSON-protocol stand-ins (DynamoDB, Cognito, Rekognition, Secrets
 * Manager, AppSync's control plane) is answered with one set of error types and wordings, the ones
 * the SDKs name their errors by. Shown on the local Secrets Manager with the real SDK client and
 * with raw requests, and on the mapping itself.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSecretsManager } from '../../local/secretsmanager/index.js';
import { signatureRefusal } from '../../local/sigv4/json-request.js';

const credentials = { accessKeyId: 'REFUSALTESTKEY', secretAccessKey: 'refusal-test-secret' };
const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:refusal-AbCdEf';
let sm: Awaited<ReturnType<typeof startLocalSecretsManager>>;
const clients: SecretsManagerClient[] = [];
const read = (c: { accessKeyId: string; secretAccessKey: string }) => {
  const client = new SecretsManagerClient({ endpoint: sm.endpoint, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  clients.push(client);
  return client.send(new GetSecretValueCommand({ SecretId: arn }));
};
const post = (headers: Record<string, string>) =>
  fetch(sm.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue', ...headers }, body: JSON.stringify({ SecretId: arn }) });

beforeAll(async () => {
  sm = await startLocalSecretsManager({ credentials: [credentials], secrets: [{ arn, value: 'kept' }] });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sm?.close();
});

describe('a JSON-protocol stand-in refusing a signature', () => {
  it('serves the signed request, and names an unknown key and a wrong secret as AWS does', async () => {
    expect((await read(credentials)).SecretString).toBe('kept');
    await expect(read({ accessKeyId: 'NOSUCHKEY', secretAccessKey: 'x' })).rejects.toMatchObject({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    await expect(read({ ...credentials, secretAccessKey: 'wrong' })).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('answers an unsigned request and a half-written Authorization header with their own types', async () => {
    const unsigned = await post({});
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const incomplete = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=REFUSALTESTKEY/20260101/us-east-1/secretsmanager/aws4_request' });
    expect(await incomplete.json()).toMatchObject({ __type: 'IncompleteSignatureException', message: 'Authorization must include Credential, SignedHeaders, Signature and a date' });
  });

  it('keeps the verifier’s reason for every other failure, under InvalidSignatureException', () => {
    expect(signatureRefusal({ ok: false, code: 'SignatureDoesNotMatch', message: 'The signature does not match' })).toEqual({ type: 'InvalidSignatureException', message: 'The signature does not match' });
    expect(signatureRefusal({ ok: false, code: 'RequestExpired', message: 'Signature expired' })).toEqual({ type: 'InvalidSignatureException', message: 'Signature expired' });
    expect(signatureRefusal({ ok: false, code: 'InvalidAccessKeyId', message: 'key AKIA… is unknown' })).toEqual({ type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
  });
});
