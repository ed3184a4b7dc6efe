/**
 * The deployed webhook secret: read from Secrets Manager by ARN with the real SDK client, once
 * per function instance (cached, concurrent callers share the one read), and read again after a
 * failed read instead of caching the failure. The secret given directly (local) never calls it.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecretSource } from '../../functions/lib/webhook/secret.js';
import { startSecretsManager } from '../support/secrets-manager.js';

const credentials = { accessKeyId: 'SECRETSTESTKEY', secretAccessKey: 'secrets-test-secret' };
let sm: Awaited<ReturnType<typeof startSecretsManager>>;
const clients: SecretsManagerClient[] = [];
// maxAttempts 1: the SDK's own retries are not what is tested; the source's are.
const client = () => {
  const c = new SecretsManagerClient({ endpoint: sm.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  sm = await startSecretsManager({ region: 'us-east-1', credentials: [credentials] });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sm?.close();
});

const readsOf = (arn: string) => sm.reads.filter((resource) => resource === arn).length;

describe('the webhook secret from Secrets Manager', () => {
  it('is the stored value, read once however often and however concurrently it is asked for', async () => {
    const arn = sm.put('cached', 'c2VjcmV0LXZhbHVlLWZyb20tc2VjcmV0cy1tYW5hZ2VyISE=');
    const secret = webhookSecretSource({ secretArn: arn, client });
    expect(await Promise.all([secret(), secret(), secret()])).toEqual(Array(3).fill('c2VjcmV0LXZhbHVlLWZyb20tc2VjcmV0cy1tYW5hZ2VyISE='));
    expect(await secret()).toBe('c2VjcmV0LXZhbHVlLWZyb20tc2VjcmV0cy1tYW5hZ2VyISE=');
    expect(readsOf(arn)).toBe(1);
  });

  it('is read again after a failed read: the failure is not cached', async () => {
    const arn = sm.put('retried', 'cmV0cmllZC1zZWNyZXQtdmFsdWUtMzMtYnl0ZXMtbG9uZyE=');
    const secret = webhookSecretSource({ secretArn: arn, client });
    sm.denyNext('not yet');
    await expect(secret()).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await secret()).toBe('cmV0cmllZC1zZWNyZXQtdmFsdWUtMzMtYnl0ZXMtbG9uZyE=');
    expect(await secret()).toBe('cmV0cmllZC1zZWNyZXQtdmFsdWUtMzMtYnl0ZXMtbG9uZyE=');
    expect(readsOf(arn)).toBe(2);
  });

  it('refuses a secret with no string value, and an unknown ARN, with the reason', async () => {
    await expect(webhookSecretSource({ secretArn: sm.put('binary-only', undefined), client })()).rejects.toThrow('The webhook secret is empty');
    await expect(webhookSecretSource({ secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:missing-AbCdEf', client })()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('given directly, is used as is and Secrets Manager is never called', async () => {
    const before = sm.reads.length;
    const secret = webhookSecretSource({ secret: 'whsec_direct', secretArn: sm.put('unused', 'other'), client });
    expect(await secret()).toBe('whsec_direct');
    expect(sm.reads.length).toBe(before);
  });

  it('configured neither way, says which variables to set', async () => {
    await expect(webhookSecretSource({ client })()).rejects.toThrow('No webhook secret configured (WEBHOOK_SECRET or WEBHOOK_SECRET_ARN)');
  });
});
