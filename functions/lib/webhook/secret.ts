/** The Standard Webhooks signing secret: given directly (local) or read once from Secrets Manager (AWS). */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function webhookSecretSource(o: { secret?: string; secretArn?: string; client: () => SecretsManagerClient }): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    if (o.secret) return Promise.resolve(o.secret);
    if (!o.secretArn) return Promise.reject(new Error('No webhook secret configured (WEBHOOK_SECRET or WEBHOOK_SECRET_ARN)'));
    cached ??= o
      .client()
      .send(new GetSecretValueCommand({ SecretId: o.secretArn }))
      .then((out) => {
        if (!out.SecretString) throw new Error('The webhook secret is empty');
        return out.SecretString;
      })
      .catch((error) => {
        cached = undefined; // try again next time
        throw error;
      });
    return cached;
  };
}
