/**
 * What the identity pool remembers across restarts, in one file of the data directory (mode
 * 0600, saved whole and atomically): the pool's id, each identity with the logins linked to it,
 * and the session credentials issued and not yet expired, so a client's credentials and
 * identity id stay valid after `npm start` restarts, as they would on AWS.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { JsonFile } from '../cognito/json-file.js';

export interface StoredSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms since the epoch. */
  expiresAt: number;
  identityId: string;
  authenticated: boolean;
}

interface StoredPool {
  identityPoolId: string;
  /** identity id → the logins linked to it, as `<provider name> <sub>`. */
  identities: Record<string, { logins: string[]; createdAt: number }>;
  sessions: StoredSession[];
}

export class IdentityStore {
  private readonly byLogin = new Map<string, string>();

  private constructor(
    private readonly file: JsonFile<StoredPool>,
    private readonly region: string,
    private readonly now: () => number,
  ) {
    for (const [id, identity] of Object.entries(file.data.identities)) for (const login of identity.logins) this.byLogin.set(login, id);
  }

  static async open(dataDir: string, region: string, now: () => number): Promise<IdentityStore> {
    const file = await JsonFile.open<StoredPool>(join(dataDir, 'identity-pool.json'), () => ({ identityPoolId: `${region}:${randomUUID()}`, identities: {}, sessions: [] }));
    return new IdentityStore(file, region, now);
  }

  get identityPoolId(): string {
    return this.file.data.identityPoolId;
  }

  has(identityId: string): boolean {
    return Object.hasOwn(this.file.data.identities, identityId);
  }

  /** The logins linked to an identity (none: a guest identity). */
  loginsOf(identityId: string): readonly string[] {
    return this.file.data.identities[identityId]?.logins ?? [];
  }

  /** The identity a login is linked to, made on its first GetId (no login: a new guest identity). */
  async identityFor(login: string | undefined): Promise<string> {
    const known = login === undefined ? undefined : this.byLogin.get(login);
    if (known) return known;
    const id = `${this.region}:${randomUUID()}`;
    this.file.data.identities[id] = { logins: login === undefined ? [] : [login], createdAt: this.now() };
    if (login !== undefined) this.byLogin.set(login, id);
    await this.file.save();
    return id;
  }

  /** Sessions still valid (on start, to hand them to IAM again). */
  liveSessions(): StoredSession[] {
    return this.file.data.sessions.filter((s) => s.expiresAt > this.now());
  }

  async addSession(session: StoredSession): Promise<void> {
    this.file.data.sessions = [...this.liveSessions(), session];
    await this.file.save();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
