/**
 * The keys a stand-in accepts: the permanent ones it starts with, and temporary ones (access key,
 * secret, session token, expiry) registered while it runs, as STS or an identity pool hands them
 * out. A temporary key is valid only with its session token and only until it expires, so the
 * verifier needs all four facts, not just the secret.
 */
import type { Credentials } from './verify.js';

export interface TemporaryCredentials extends Credentials {
  sessionToken: string;
  expiration: Date;
}

/** What verifySigV4 looks a key up in. */
export interface CredentialSource {
  find(accessKeyId: string): Credentials | undefined;
}

export interface CredentialStore extends CredentialSource {
  /** Accepts a temporary key until its expiry (the identity pool calls this when it issues one). */
  register(credentials: TemporaryCredentials): void;
  /** Forgets a temporary key before its expiry. */
  revoke(accessKeyId: string): void;
}

export function createCredentialStore(permanent: readonly Credentials[], now: () => number = Date.now): CredentialStore {
  const fixed = new Map(permanent.map((c) => [c.accessKeyId, c]));
  const temporary = new Map<string, TemporaryCredentials>();
  // Expired keys stay a while so that their callers hear ExpiredToken, not "unknown key", as from
  // AWS; after a day they are dropped, so a long run does not keep every key it ever issued.
  const RETAIN_MS = 24 * 3600 * 1000;
  const prune = () => {
    for (const [id, c] of temporary) if (c.expiration.getTime() + RETAIN_MS < now()) temporary.delete(id);
  };
  return {
    find: (accessKeyId) => fixed.get(accessKeyId) ?? temporary.get(accessKeyId),
    register(credentials) {
      if (fixed.has(credentials.accessKeyId)) throw new Error(`${credentials.accessKeyId} is a permanent key`);
      if (!credentials.sessionToken) throw new Error('a temporary key needs a session token');
      prune();
      temporary.set(credentials.accessKeyId, { ...credentials });
    },
    revoke: (accessKeyId) => void temporary.delete(accessKeyId),
  };
}
