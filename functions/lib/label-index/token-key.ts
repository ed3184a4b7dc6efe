/**
 * The key searchBlobs seals its nextTokens with: read once from Secrets Manager (AWS, and the
 * local stand-in), or given directly. Hashed to the 32 bytes AES-256-GCM takes.
 */
import { createHash } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function tokenKeySource(o: { secret?: string; secretArn?: string; client: () => SecretsManagerClient }): () => Promise<Buffer> {
  let cached: Promise<Buffer> | undefined;
  const derive = (secret: string) => createHash('sha256').update('searchBlobs nextToken\0').update(secret).digest();
  return () => {
    if (o.secret) return Promise.resolve(derive(o.secret));
    if (!o.secretArn) return Promise.reject(new Error('No search token key configured (SEARCH_TOKEN_SECRET or SEARCH_TOKEN_SECRET_ARN)'));
    cached ??= o
      .client()
      .send(new GetSecretValueCommand({ SecretId: o.secretArn }))
      .then((out) => {
        if (!out.SecretString) throw new Error('The search token secret is empty');
        return derive(out.SecretString);
      })
      .catch((error) => {
        cached = undefined; // try again next time
        throw error;
      });
    return cached;
  };
}
