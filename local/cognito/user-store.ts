/**
 * The pool's users, persisted in `<dataDir>/users.json`. A user holds no password: an SRP salt
 * and verifier for USER_SRP_AUTH and a scrypt hash for everything else. Verification codes are
 * kept as SHA-256 hashes, so the file reveals no code either.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { JsonFile } from './json-file.js';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';
export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD';

export interface PendingCode {
  sha256: string;
  /** ms since the epoch. */
  expiresAt: number;
  wrongAttempts: number;
}

export interface StoredUser {
  /** The sign-in name: the e-mail address, lower-cased (the pool is case-insensitive). */
  username: string;
  sub: string;
  /** Cognito's attributes besides `sub`: email, email_verified and any the caller set. */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  srp: { saltHex: string; verifierHex: string };
  passwordHash: string;
  groups: string[];
  codes: Partial<Record<CodePurpose, PendingCode>>;
}

interface UsersDocument {
  users: Record<string, StoredUser>;
}

export const normalizeUsername = (username: string) => username.trim().toLowerCase();

/** A user not stored yet, and without a password: Pool.setPassword fills the hash and the SRP verifier. */
export function newUser(username: string, status: UserStatus, attributes: Record<string, string>, now: number): StoredUser {
  return {
    username,
    sub: randomUUID(),
    attributes,
    status,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    srp: { saltHex: '', verifierHex: '' },
    passwordHash: '',
    groups: [],
    codes: {},
  };
}

export class UserStore {
  private constructor(private readonly file: JsonFile<UsersDocument>) {}

  static async open(dataDir: string): Promise<UserStore> {
    return new UserStore(await JsonFile.open<UsersDocument>(join(dataDir, 'users.json'), () => ({ users: {} })));
  }

  get(username: string): StoredUser | undefined {
    return Object.hasOwn(this.file.data.users, normalizeUsername(username)) ? this.file.data.users[normalizeUsername(username)] : undefined;
  }

  /** Admin calls may name a user by username, e-mail alias or sub, as on AWS. */
  find(nameOrSub: string): StoredUser | undefined {
    return this.get(nameOrSub) ?? this.all().find((u) => u.sub === nameOrSub);
  }

  all(): StoredUser[] {
    return Object.values(this.file.data.users).sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  }

  /** Adds a new user; false if the name was taken meanwhile (two sign-ups racing for one address). */
  async create(user: StoredUser): Promise<boolean> {
    if (this.get(user.username)) return false;
    this.file.data.users[user.username] = user;
    await this.file.save();
    return true;
  }

  /** Persists changes made to a user object in place. */
  async save(user: StoredUser, now: number): Promise<void> {
    user.updatedAt = now;
    await this.file.save();
  }

  async delete(username: string): Promise<void> {
    delete this.file.data.users[normalizeUsername(username)];
    await this.file.save();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
