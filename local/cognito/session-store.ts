/**
 * Refresh tokens and revocations, persisted in `<dataDir>/sessions.json`. A refresh token is an
 * opaque random string handed to the client; only its SHA-256 is stored, so the file grants
 * nothing. Revoking a sign-in (RevokeToken, GlobalSignOut) records its origin_jti until every
 * access token it produced has expired, so those access tokens are refused too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { JsonFile } from './json-file.js';

export interface RefreshSession {
  username: string;
  clientId: string;
  originJti: string;
  /** Seconds since the epoch of the sign-in. */
  authTime: number;
  /** ms since the epoch. */
  expiresAt: number;
  /** Set when revoked; the record stays until it would have expired, so the refusal can say why. */
  revokedAt?: number;
}

export type RefreshLookup = { status: 'valid'; session: RefreshSession } | { status: 'revoked' | 'expired' | 'unknown' };

interface SessionsDocument {
  refreshTokens: Record<string, RefreshSession>;
  /** origin_jti → ms since the epoch after which nothing it issued is still valid. */
  revokedOrigins: Record<string, number>;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  private constructor(
    private readonly file: JsonFile<SessionsDocument>,
    private readonly now: () => number,
  ) {}

  static async open(dataDir: string, now: () => number): Promise<SessionStore> {
    const store = new SessionStore(await JsonFile.open<SessionsDocument>(join(dataDir, 'sessions.json'), () => ({ refreshTokens: {}, revokedOrigins: {} })), now);
    await store.prune();
    return store;
  }

  async create(session: RefreshSession): Promise<string> {
    const token = randomBytes(48).toString('base64url');
    this.dropExpired();
    this.file.data.refreshTokens[digest(token)] = session;
    await this.file.save();
    return token;
  }

  lookup(token: string): RefreshLookup {
    const key = digest(token);
    const session = Object.hasOwn(this.file.data.refreshTokens, key) ? this.file.data.refreshTokens[key] : undefined;
    if (!session) return { status: 'unknown' };
    if (session.revokedAt !== undefined) return { status: 'revoked' };
    if (session.expiresAt <= this.now()) return { status: 'expired' };
    return { status: 'valid', session };
  }

  isRevoked(originJti: string): boolean {
    return Object.hasOwn(this.file.data.revokedOrigins, originJti);
  }

  /** Revokes the sign-in a refresh token belongs to; returns that session if there was one. */
  async revokeRefreshToken(token: string, accessTokenSeconds: number): Promise<RefreshSession | undefined> {
    const key = digest(token);
    const session = Object.hasOwn(this.file.data.refreshTokens, key) ? this.file.data.refreshTokens[key] : undefined;
    if (!session || session.revokedAt !== undefined) return undefined;
    session.revokedAt = this.now();
    this.file.data.revokedOrigins[session.originJti] = this.now() + accessTokenSeconds * 1000;
    await this.file.save();
    return session;
  }

  /** Revokes every sign-in of a user, and the one an access token came from even if it has no refresh token left. */
  async revokeUser(username: string, accessTokenSeconds: number, alsoOrigin?: string): Promise<void> {
    const until = this.now() + accessTokenSeconds * 1000;
    for (const session of Object.values(this.file.data.refreshTokens)) {
      if (session.username !== username || session.revokedAt !== undefined) continue;
      session.revokedAt = this.now();
      this.file.data.revokedOrigins[session.originJti] = until;
    }
    if (alsoOrigin) this.file.data.revokedOrigins[alsoOrigin] = until;
    await this.file.save();
  }

  /** Drops expired refresh tokens and revocations nothing can need any more, so the file stays small. */
  async prune(): Promise<void> {
    this.dropExpired();
    await this.file.save();
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, session] of Object.entries(this.file.data.refreshTokens)) if (session.expiresAt <= now) delete this.file.data.refreshTokens[key];
    for (const [jti, until] of Object.entries(this.file.data.revokedOrigins)) if (until <= now) delete this.file.data.revokedOrigins[jti];
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
