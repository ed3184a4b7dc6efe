/**
 * Where `blobs login` keeps the user's tokens: one JSON file in the user's config directory
 * ($BLOBS_CONFIG_DIR, else $XDG_CONFIG_HOME/blobs, else ~/.config/blobs), readable by the user
 * only (0600, in a 0700 directory) and replaced atomically, so a second `blobs` running at the
 * same time never reads half a file. Amplify reads and writes it as its token storage, so a
 * refreshed token is kept too.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueStorageInterface } from 'aws-amplify/utils';
import writeFileAtomic from 'write-file-atomic';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BLOBS_CONFIG_DIR) return env.BLOBS_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'blobs');
}

export const sessionFilePath = (env: NodeJS.ProcessEnv = process.env) => join(configDir(env), 'session.json');

export class SessionFile implements KeyValueStorageInterface {
  private readonly items: Map<string, string>;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {
    this.items = new Map(Object.entries(readItems(path)));
  }

  get isEmpty(): boolean {
    return this.items.size === 0;
  }

  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
    await this.save();
  }

  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null;
  }

  async removeItem(key: string): Promise<void> {
    if (this.items.delete(key)) await this.save();
  }

  async clear(): Promise<void> {
    this.items.clear();
    await this.save();
  }

  /** Removes the file itself (blobs logout). */
  async remove(): Promise<void> {
    this.items.clear();
    await this.writing;
    rmSync(this.path, { force: true });
  }

  /** Writes one after another, each the whole map: the last write holds the last state. */
  private save(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.items), null, 2);
    this.writing = this.writing.then(async () => {
      if (this.items.size === 0 && snapshot === '{}') return rmSync(this.path, { force: true });
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, snapshot, { mode: 0o600 });
    });
    return this.writing;
  }
}

function readItems(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {}; // never logged in
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && Object.values(parsed).every((v) => typeof v === 'string')) return parsed as Record<string, string>;
  } catch {
    // fall through: a damaged file is as good as none; the next login replaces it
  }
  return {};
}
