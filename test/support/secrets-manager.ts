/**
 * The local Secrets Manager (local/secretsmanager), started on its own for tests of the deployed
 * secret path (WEBHOOK_SECRET_ARN): secrets are added while it runs, and its IAM hook records each
 * GetSecretValue the caller is authorized for and can deny the next ones. The labelling function's
 * caching and retry are what is under test, and a failed first read is hard to cause otherwise.
 */
import type { Credentials } from '../../local/sigv4/verify.js';
import { startLocalSecretsManager, type LocalSecret } from '../../local/secretsmanager/index.js';

export async function startSecretsManager(o: { region: string; accountId?: string; credentials: Credentials[] }) {
  const secrets: LocalSecret[] = [];
  const denials: string[] = [];
  const reads: string[] = [];
  const standIn = await startLocalSecretsManager({
    credentials: o.credentials,
    secrets,
    authorize: (accessKeyId, action, resource) => {
      reads.push(resource);
      const message = denials.shift();
      return message === undefined ? undefined : { principal: `arn:aws:iam::000000000000:user/${accessKeyId}`, action, resource, message };
    },
  });
  return {
    endpoint: standIn.endpoint,
    /** Stores a secret (undefined: binary only, no SecretString); returns its ARN (what CloudFormation hands the function as WEBHOOK_SECRET_ARN). */
    put(name: string, value: string | undefined): string {
      const arn = `arn:aws:secretsmanager:${o.region}:${o.accountId ?? '000000000000'}:secret:${name}-AbCdEf`;
      secrets.push({ arn, value });
      return arn;
    },
    /** The next authorized reads, one per message, are denied (AccessDeniedException) instead. */
    denyNext: (...messages: string[]) => denials.push(...messages),
    /** The resource (the secret's ARN) of every GetSecretValue signed with a known key, in order. */
    reads,
    close: () => standIn.close(),
  };
}
